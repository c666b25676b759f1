using System.Net;
using System.Net.Http.Json;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;
using static ShareKey.KeyService.Tests.Service.Notifications.WebhookReceiver;

namespace ShareKey.KeyService.Tests.Service.Notifications;

/// <summary>Thinking like an attacker: no endpoints inside the service's network unless the operator allows it, no plain http, no redirects, a cap per user.</summary>
public sealed class WebhookRegistrationTests
{
    [Fact]
    public async Task Endpoints_inside_the_network_plain_http_and_odd_urls_are_refused_by_default()
    {
        await using var service = await TestService.StartAsync();
        var (_, user) = await service.CreateUserAsync("hooker");

        foreach (var url in new[]
        {
            "http://example.com/hook", "https://127.0.0.1/hook", "https://10.1.2.3/", "https://172.16.0.1/", "https://192.168.1.1/",
            "https://169.254.169.254/latest/meta-data", "https://[::1]/", "https://[fd00::1]/", "https://[::ffff:127.0.0.1]/", "https://0.0.0.0/",
            "https://100.64.0.1/", "ftp://example.com/", "https://user:pw@example.com/", "/relative", "https://" + new string('a', 2100) + ".com/",
        })
        {
            await AssertProblemAsync(await user.PostAsJsonAsync("/v1/webhooks", new { url }), HttpStatusCode.BadRequest, "invalid-request");
        }

        await AssertProblemAsync(await user.PostAsJsonAsync("/v1/webhooks", new { url = "https://example.com/", types = new[] { "device.exploded" } }), HttpStatusCode.BadRequest, "invalid-request");
        Assert.Empty(await TestService.GetAsync<WebhookDto[]>(user, "/v1/webhooks"));
    }

    [Fact]
    public async Task A_name_that_resolves_inside_the_network_is_refused_when_connecting()
    {
        await using var service = await TestService.StartAsync();
        await using var world = await NotificationWorld.StartAsync(service);
        await using var receiver = await WebhookReceiver.StartAsync();
        var registered = await TestService.PostAsync<RegisteredWebhookDto>(world.Owner.Client, "/v1/webhooks", new { url = $"https://localhost:{new Uri(receiver.Url).Port}/hook" });
        var webhookId = registered.Webhook.Id;

        await world.ReportAsync(EventKind.Unlocked, world.RenterKeyId);
        await Eventually.TrueAsync(async () => (await TestService.GetAsync<DeliveryDto[]>(world.Owner.Client, $"/v1/webhooks/{webhookId}/deliveries?state=pending"))
                .Any(d => d.LastError?.Contains("refused") == true), "the attempt refused at connect time");
        Assert.Empty(receiver.All);
    }

    [Fact]
    public async Task Redirects_are_not_followed_and_a_user_has_at_most_the_allowed_endpoints()
    {
        await using var service = await TestService.StartAsync(configure: options =>
        {
            options.Notifications.Webhooks.AllowHttp = true;
            options.Notifications.Webhooks.AllowPrivateNetworks = true;
            options.Notifications.Webhooks.MaxEndpointsPerUser = 2;
        });
        await using var world = await NotificationWorld.StartAsync(service);
        await using var redirecting = await WebhookReceiver.StartAsync();
        await using var target = await WebhookReceiver.StartAsync();
        redirecting.Otherwise = Answer.Redirect;
        redirecting.RedirectTo = target.Url;
        var webhookId = await NotificationWorld.RegisterAsync(world.Owner.Client, redirecting);

        await world.ReportAsync(EventKind.Unlocked, world.RenterKeyId);
        await Eventually.TrueAsync(async () => (await TestService.GetAsync<DeliveryDto[]>(world.Owner.Client, $"/v1/webhooks/{webhookId}/deliveries?state=pending"))
                .Any(d => d.LastError == "redirect not followed"), "the redirect recorded as a failure");
        Assert.Empty(target.All);

        await NotificationWorld.RegisterAsync(world.Owner.Client, target);
        await AssertProblemAsync(
            await world.Owner.Client.PostAsJsonAsync("/v1/webhooks", new { url = target.Url }), HttpStatusCode.Conflict, "too-many-webhooks");
    }
}
