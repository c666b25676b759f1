namespace ShareKey.KeyService.RemoteLock;

public static class RemoteLockRegistration
{
    /// <summary>Locking a car remotely for its owner (R3) and following what its T-BOX reports; the routes are <see cref="RemoteLockApi.MapRemoteLock"/>.</summary>
    public static IServiceCollection AddRemoteLock(this IServiceCollection services) => services
        .AddSingleton<RemoteLockService>()
        .AddSingleton<RemoteLockTracker>();
}
