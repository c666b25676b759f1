using Microsoft.Extensions.Options;

namespace ShareKey.KeyService.Sharing;

public static class SharingRegistration
{
    /// <summary>Shares (co-use and transfer) and what devices report of transfers.</summary>
    public static IServiceCollection AddSharing(this IServiceCollection services, SharingOptions options) => services
        .AddSingleton(Options.Create(options))
        .AddSingleton<ShareService>()
        .AddSingleton<TransferReports>();
}
