namespace ShareKey.KeyService.Devices;

public static class DevicesRegistration
{
    /// <summary>Device rows and their cryptography (sealed secrets, frames in and out).</summary>
    public static IServiceCollection AddDevices(this IServiceCollection services) => services
        .AddSingleton<DeviceCrypto>()
        .AddSingleton<DeviceService>();
}
