namespace ShareKey.KeyService.Audit;

public static class AuditRegistration
{
    /// <summary>The audit log every feature appends to; its routes are <see cref="AuditApi.MapAudit"/>.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services) =>
        services.AddSingleton<AuditLog>();
}
