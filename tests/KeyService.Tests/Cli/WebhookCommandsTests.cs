using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Tests.Service.Notifications;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>`webhook register|list|remove|dead-letters|replay` against a service that may call a loopback receiver.</summary>
public sealed class WebhookCommandsTests(WebhookCliService service) : IClassFixture<WebhookCliService>
{
    [Fact]
    public async Task Register_list_see_dead_letters_replay_and_remove()
    {
        await using var world = await NotificationWorld.StartAsync(service.Service, "-hook");
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Otherwise = WebhookReceiver.Answer.Fail;
        var owner = world.Owner.Client.DefaultRequestHeaders.Authorization!.Parameter!;

        var registered = await service.RunAsAsync(owner, "webhook", "register", "--endpoint", receiver.Url, "--type", "device.unlocked", "--json");
        var answer = registered.Read<RegisteredWebhookDto>();
        receiver.Secret = answer.Secret;
        var id = answer.Webhook.Id;
        var table = await service.RunAsAsync(owner, "webhook", "list");
        Assert.Contains(id, table.Output);
        Assert.Contains("device.unlocked", table.Output);

        await world.ReportAsync(EventKind.Unlocked, world.RenterKeyId);
        CliRun dead = null!;
        await Eventually.TrueAsync(async () => (dead = await service.RunAsAsync(owner, "webhook", "dead-letters", id, "--json")).Output.Contains("ntf_"), "a dead letter");
        Assert.Contains("answered 500", dead.Output);
        Assert.Contains("ANSWERED 500", (await service.RunAsAsync(owner, "webhook", "dead-letters", id)).Output.ToUpperInvariant());

        receiver.Otherwise = WebhookReceiver.Answer.Accept;
        var replay = await service.RunAsAsync(owner, "webhook", "replay", id);
        Assert.Contains("1 dead letter(s) queued again", replay.Output);
        await receiver.WaitForAsync(all => all.Any(r => r.Answered == 200 && r.Verified), "the replayed delivery");

        var stranger = world.Stranger.Client.DefaultRequestHeaders.Authorization!.Parameter!;
        var refused = await service.RunAsAsync(stranger, "webhook", "remove", id);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("forbidden", refused.Error);
        Assert.Equal(0, (await service.RunAsAsync(owner, "webhook", "remove", id)).ExitCode);
        Assert.DoesNotContain(id, (await service.RunAsAsync(owner, "webhook", "list")).Output);
        Assert.Equal(1, (await service.RunAsAsync(owner, "webhook", "register", "--endpoint", receiver.Url, "--type", "device.exploded")).ExitCode);
    }
}

/// <summary>A CLI service whose webhooks may go to loopback over http, giving up within a second.</summary>
public sealed class WebhookCliService : CliService
{
    public WebhookCliService()
        : base(options =>
        {
            var webhooks = options.Notifications.Webhooks;
            webhooks.AllowHttp = true;
            webhooks.AllowPrivateNetworks = true;
            webhooks.FirstRetryDelay = TimeSpan.FromMilliseconds(50);
            webhooks.MaxRetryDelay = TimeSpan.FromMilliseconds(100);
            webhooks.GiveUpAfter = TimeSpan.FromMilliseconds(300);
        })
    {
    }
}
