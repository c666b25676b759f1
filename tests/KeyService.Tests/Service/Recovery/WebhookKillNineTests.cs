using System.Net.Http.Headers;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Provisioning;
using ShareKey.KeyService.Tests.Service.Notifications;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.KeyService.Users;
using ShareKey.Protocol.Messages;
using static ShareKey.KeyService.Tests.Service.Notifications.WebhookReceiver;

namespace ShareKey.KeyService.Tests.Service.Recovery;

/// <summary>
/// Webhook deliveries are an outbox: `sharekey serve` is killed with SIGKILL while deliveries are
/// pending (one of them in flight to a receiver that never answers) and started again on the same
/// data; every notification then reaches the receiver and is accepted exactly once.
/// </summary>
public sealed class WebhookKillNineTests
{
    private const int Keys = 5;

    [Fact]
    public async Task Pending_deliveries_are_delivered_after_kill_9_and_a_restart()
    {
        await using var environment = new TestEnvironment();
        var data = environment.TempFolder("sharekey-webhook-kill-");
        var config = Path.Combine(data, "settings.json");
        // A timeout a loaded machine's loopback answers come well within: an accepted request timed out
        // would be sent again and accepted twice; a refused one would bring a fourth request before the kill.
        await File.WriteAllTextAsync(config, """
            { "ShareKey": { "Notifications": { "Webhooks": {
                "AllowHttp": true, "AllowPrivateNetworks": true,
                "Timeout": "00:00:10", "FirstRetryDelay": "00:00:00.100", "MaxRetryDelay": "00:00:00.300" } } } }
            """);
        await using var service = new ServiceProcess(data, "--config", config) { OnErrorLine = environment.ReportError };
        await service.StartAsync();
        using var http = Client(service, service.OperatorToken ?? throw new InvalidOperationException("no operator token printed:\n" + service.Output));
        await using var receiver = await WebhookReceiver.StartAsync(Answer.Fail, Answer.Fail, Answer.Hang);
        receiver.Otherwise = Answer.Fail;

        var created = await TestService.PostAsync<UserApi.CreatedUser>(http, "/v1/users", new { name = "hooked", role = "user" });
        var userId = created.User.Id;
        using var user = Client(service, created.Token);
        await NotificationWorld.RegisterAsync(user, receiver);

        var provisioned = await TestService.PostAsync<DeviceApi.ProvisionedDto>(http, "/v1/devices", new { kind = "parking-lock", name = "lock-hooked" });
        await using var device = await ScriptedDevice.ConnectAsync(BoardFile.Parse(provisioned.BoardConfig));
        await device.SendKeyReportAsync();
        await device.WaitForAsync<CommitMessage>(commit => commit.Epoch == 1);
        for (var i = 0; i < Keys; i++)
        {
            await TestService.PostAsync<HeldKeyDto>(http, "/v1/keys", new { type = "owner", userId, deviceId = $"{device.Id:x16}" });
        }

        // Two refusals, then a request left hanging: the kill comes while it is in flight.
        await receiver.WaitForAsync(all => all.Count == 3, "two failed attempts and one in flight");
        await service.KillAsync();
        receiver.Otherwise = Answer.Accept;
        await service.StartAsync();

        await receiver.WaitForAsync(all => all.Where(r => r.Answered == 200).Select(r => r.EventId).Distinct().Count() == Keys, $"all {Keys} notifications accepted", TimeSpan.FromSeconds(60));
        var accepted = receiver.All.Where(r => r.Answered == 200).ToList();
        Assert.Equal(Keys, accepted.Count);
        Assert.All(receiver.All, r => Assert.True(r.Verified));
        Assert.All(accepted, r => Assert.Equal("key.issued", r.Type));
        var feed = (await TestService.GetAsync<NotificationPageDto>(user, "/v1/notifications")).Items
            .Select(n => $"ntf_{n.Id}").Order();
        Assert.Equal(feed, accepted.Select(r => r.EventId!).Order());
    }

    private static HttpClient Client(ServiceProcess service, string token) =>
        new() { BaseAddress = new Uri(service.Url), DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
}
