using System.Net;
using System.Text.Json;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;
using static ShareKey.KeyService.Tests.Service.Notifications.WebhookReceiver;

namespace ShareKey.KeyService.Tests.Service.Notifications;

/// <summary>Webhooks against a real receiver: signed, retried through failures and timeouts, accepted once; dead letters replayed; one receiver never slows another.</summary>
public abstract class WebhookDeliveryTests(string storage)
{
    [Fact]
    public async Task A_delivery_is_signed_retried_through_failures_and_a_timeout_and_accepted_exactly_once()
    {
        await using var service = await NotificationWorld.StartServiceAsync(storage);
        await using var world = await NotificationWorld.StartAsync(service);
        await using var receiver = await WebhookReceiver.StartAsync(Answer.Fail, Answer.Fail, Answer.Hang, Answer.Accept);
        await using var frozenOnly = await WebhookReceiver.StartAsync();
        var webhookId = await NotificationWorld.RegisterAsync(world.Owner.Client, receiver);
        await NotificationWorld.RegisterAsync(world.Owner.Client, frozenOnly, "key.frozen");

        await world.ReportAsync(EventKind.Unlocked, world.RenterKeyId);
        var notification = await NotificationWorld.WaitForAsync(world.Owner.Client, NotificationType.DeviceUnlocked);
        var eventId = $"ntf_{notification.Id}";
        await Eventually.TrueAsync(async () => (await world.Owner.Client.GetAsync<List<DeliveryDto>>($"/v1/webhooks/{webhookId}/deliveries?state=delivered")).Count == 1, "the delivery recorded as delivered");

        var received = receiver.All.Where(r => r.EventId == eventId).ToList();
        Assert.Equal([500, 500, 0, 200], received.Select(r => r.Answered));
        Assert.All(received, r => Assert.True(r.Verified));
        Assert.Single(received, r => r.Answered == 200);
        Assert.All(received, r => Assert.Equal("device.unlocked", r.Type));
        // The webhook body as it went over the wire: its field names are the public contract.
        Assert.Equal(world.Renter.Id, received[^1].Body.GetProperty("data").GetProperty("holderId").GetString());
        var delivered = (await world.Owner.Client.GetAsync<List<DeliveryDto>>($"/v1/webhooks/{webhookId}/deliveries?state=delivered"))[0];
        Assert.Equal(4, delivered.Attempts);
        Assert.Equal(eventId, delivered.EventId);

        // The other endpoint asked for key.frozen only: the unlock never reached it, the freeze does.
        await TestService.PostAsync<KeyDto>(world.Owner.Client, $"/v1/keys/{world.OwnerKeyId}/freeze", null);
        await frozenOnly.WaitForAsync(all => all.Any(r => r.Type == "key.frozen" && r.Answered == 200), "key.frozen");
        Assert.All(frozenOnly.All, r => Assert.Equal("key.frozen", r.Type));
    }

    /// <summary>
    /// The endpoint is removed while a request to it is out (its delivery cancelled with the rest);
    /// the request then fails. Before, recording the failure made the delivery pending again and the
    /// sender tried the removed endpoint again.
    /// </summary>
    [Fact]
    public async Task A_failure_answered_after_its_endpoint_was_removed_is_not_tried_again()
    {
        await using var service = await NotificationWorld.StartServiceAsync(storage);
        await using var world = await NotificationWorld.StartAsync(service);
        await using var receiver = await WebhookReceiver.StartAsync(Answer.FailWhenReleased);
        var webhookId = await NotificationWorld.RegisterAsync(world.Owner.Client, receiver);

        await world.ReportAsync(EventKind.Unlocked, world.RenterKeyId);
        await receiver.WaitForAsync(all => all.Count == 1, "the first attempt");
        using (var removed = await world.Owner.Client.DeleteAsync($"/v1/webhooks/{webhookId}"))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        receiver.Release();
        await Eventually.TrueAsync(async () => (await world.Owner.Client.GetAsync<List<DeliveryDto>>($"/v1/webhooks/{webhookId}/deliveries?state=cancelled"))
                .Any(d => d.LastStatus == 500), "the failed attempt recorded on the cancelled delivery");
        Assert.Empty(await world.Owner.Client.GetAsync<List<DeliveryDto>>($"/v1/webhooks/{webhookId}/deliveries?state=pending"));
        Assert.Single(receiver.All);
    }

    [Fact]
    public async Task A_receiver_that_never_answers_does_not_delay_another()
    {
        await using var service = await NotificationWorld.StartServiceAsync(storage, timeout: TimeSpan.FromMinutes(5));
        await using var world = await NotificationWorld.StartAsync(service);
        await using var dead = await WebhookReceiver.StartAsync();
        await using var alive = await WebhookReceiver.StartAsync();
        dead.Otherwise = Answer.Hang;
        await NotificationWorld.RegisterAsync(world.Owner.Client, dead);
        await NotificationWorld.RegisterAsync(world.Renter.Client, alive);

        for (var i = 0; i < 3; i++)
        {
            await world.ReportAsync(EventKind.Unlocked, world.RenterKeyId);
        }

        await dead.WaitForAsync(all => all.Count == 1, "the first unlock");
        await TestService.PostAsync<KeyDto>(world.Renter.Client, $"/v1/keys/{world.RenterKeyId}/freeze", null);
        await TestService.PostAsync<KeyDto>(world.Renter.Client, $"/v1/keys/{world.RenterKeyId}/unfreeze", null);

        await alive.WaitForAsync(all => all.Count(r => r.Answered == 200) == 2, "the freeze and the unfreeze");
        Assert.Equal(1, dead.Hanging);
        Assert.Equal(1, dead.MostAtOnce);
        Assert.Single(dead.All);
    }

    [Fact]
    public async Task What_cannot_be_delivered_is_parked_and_its_owner_alone_may_inspect_and_replay_it()
    {
        await using var service = await NotificationWorld.StartServiceAsync(storage, giveUpAfter: TimeSpan.FromMilliseconds(400));
        await using var world = await NotificationWorld.StartAsync(service);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Otherwise = Answer.Fail;
        var webhookId = await NotificationWorld.RegisterAsync(world.Owner.Client, receiver);

        await world.ReportAsync(EventKind.Unlocked, world.RenterKeyId);
        List<DeliveryDto> dead = [];
        await Eventually.TrueAsync(async () => (dead = await world.Owner.Client.GetAsync<List<DeliveryDto>>($"/v1/webhooks/{webhookId}/deliveries")).Count == 1, "a dead letter");
        Assert.Equal(DeliveryState.Dead, dead[0].State);
        Assert.Equal(500, dead[0].LastStatus);
        Assert.Equal(NotificationType.DeviceUnlocked, dead[0].Notification.Type);
        var attempts = receiver.All.Count;

        foreach (var (status, code, response) in new[]
        {
            (HttpStatusCode.Forbidden, "forbidden", await world.Stranger.Client.GetAsync($"/v1/webhooks/{webhookId}/deliveries")),
            (HttpStatusCode.Forbidden, "forbidden", await world.Stranger.Client.PostAsync($"/v1/webhooks/{webhookId}/replay", null)),
            (HttpStatusCode.Forbidden, "forbidden", await world.Stranger.Client.DeleteAsync($"/v1/webhooks/{webhookId}")),
            (HttpStatusCode.Forbidden, "forbidden", await world.Stranger.Client.GetAsync($"/v1/webhooks?userId={world.Owner.Id}")),
            (HttpStatusCode.NotFound, "webhook-not-found", await world.Owner.Client.PostAsync("/v1/webhooks/0123456789abcdef/replay", null)),
        })
        {
            await AssertProblemAsync(response, status, code);
        }

        Assert.Empty(await world.Stranger.Client.GetAsync<List<WebhookDto>>("/v1/webhooks"));
        Assert.Equal(attempts, receiver.All.Count);

        receiver.Otherwise = Answer.Accept;
        var replayed = await world.Owner.Client.PostAsync<ReplayedDto>($"/v1/webhooks/{webhookId}/replay", new { deliveryIds = new[] { dead[0].Id } });
        Assert.Equal(1, replayed.Replayed);
        await receiver.WaitForAsync(all => all.Any(r => r.Answered == 200), "the replayed delivery");
        Assert.Equal(dead[0].EventId, receiver.All.Single(r => r.Answered == 200).EventId);

        // The wire shape on purpose: a listed webhook carries no "secret" field at all.
        var listed = await world.Owner.Client.GetStringAsync("/v1/webhooks");
        Assert.Single(ApiJson.Parse<WebhookDto[]>(listed));
        Assert.DoesNotContain("\"secret\"", listed);
        await service.Operator.GetAsync<List<WebhookDto>>($"/v1/webhooks?userId={world.Owner.Id}");
        using var removed = await world.Owner.Client.DeleteAsync($"/v1/webhooks/{webhookId}");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Empty(await world.Owner.Client.GetAsync<List<WebhookDto>>("/v1/webhooks"));
    }
}

public sealed class SqliteWebhookDeliveryTests() : WebhookDeliveryTests("sqlite");

public sealed class PostgresWebhookDeliveryTests() : WebhookDeliveryTests("postgresql");
