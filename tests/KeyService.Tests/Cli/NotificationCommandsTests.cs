using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Tests.Service.Notifications;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>`notifications list` shows the caller's feed; `notifications watch` prints what comes next, from where it is told to start.</summary>
public sealed class NotificationCommandsTests(CliService service) : IClassFixture<CliService>
{
    [Fact]
    public async Task List_shows_the_feed_and_watch_prints_what_follows()
    {
        await using var world = await NotificationWorld.StartAsync(service.Service, "-cli");
        var ownerToken = world.Owner.Client.DefaultRequestHeaders.Authorization!.Parameter!;

        var table = await service.RunAsAsync(ownerToken, "notifications", "list");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("key.issued", table.Output);
        var listed = await CliRun.OfAsync("notifications", "list", "--json", "--url", service.Url, "--token", ownerToken);
        var newest = listed.Read<NotificationPageDto>().Items[0].Id;

        var watch = service.RunAsAsync(ownerToken, "notifications", "watch", "--after", newest.ToString(), "--count", "2", "--json");
        await world.ReportAsync(EventKind.Unlocked, world.RenterKeyId);
        await world.ReportAsync(EventKind.Locked, world.RenterKeyId);
        var watched = await watch.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(watched.ExitCode == 0, watched.ToString());
        var lines = watched.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(ApiJson.Parse<NotificationDto>).ToList();
        Assert.Equal([NotificationType.DeviceUnlocked, NotificationType.DeviceLocked], lines.Select(n => n.Type));
        Assert.All(lines, n => Assert.Equal(world.Renter.Id, NotificationWorld.Data(n, "holderId"))); // data differs by type: the DTO carries it as JSON

        var human = await service.RunAsAsync(ownerToken, "notifications", "watch", "--after", newest.ToString(), "--count", "1");
        Assert.Contains("device.unlocked", human.Output);
        Assert.Contains("holderName=renter-cli", human.Output);
    }

    [Fact]
    public async Task Bad_flags_and_tokens_exit_1()
    {
        Assert.Equal(1, (await service.RunAsync("notifications", "watch", "--count", "0")).ExitCode);
        Assert.Equal(1, (await service.RunAsync("notifications", "list", "--limit", "0")).ExitCode);
        var refused = await service.RunAsAsync("skt_" + new string('A', 43), "notifications", "watch");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("unauthenticated", refused.Error);
    }
}
