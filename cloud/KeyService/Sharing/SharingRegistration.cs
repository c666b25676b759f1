using Microsoft.Extensions.Options;
using ShareKey.KeyService.Keys;

namespace ShareKey.KeyService.Sharing;

public static class SharingRegistration
{
    /// <summary>Shares (co-use and transfer), applications for a shared key (as shares of an owner key), and what devices report of transfers.</summary>
    public static IServiceCollection AddSharing(this IServiceCollection services, SharingOptions options) => services
        .AddSingleton(Options.Create(options))
        .AddSingleton<ShareService>()
        .AddSingleton<ISharedKeyApplications>(provider => provider.GetRequiredService<ShareService>())
        .AddSingleton<TransferReports>();
}
