namespace ShareKey.KeyService.Provisioning;

public static class ProvisioningRegistration
{
    /// <summary>Enrolling, suspending and decommissioning devices; its routes are <see cref="DeviceApi.MapDevices"/>.</summary>
    public static IServiceCollection AddProvisioning(this IServiceCollection services) =>
        services.AddSingleton<DeviceLifecycle>();
}
