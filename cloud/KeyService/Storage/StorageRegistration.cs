namespace ShareKey.KeyService.Storage;

public static class StorageRegistration
{
    /// <summary>Transactions that run again whole when the database undid them for colliding with another.</summary>
    public static IServiceCollection AddTransactions(this IServiceCollection services) => services
        .AddSingleton(TransactionRetry.Default)
        .AddSingleton<TransactionRunner>();
}
