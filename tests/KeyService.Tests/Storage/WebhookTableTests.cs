using ShareKey.KeyService.Notifications;

namespace ShareKey.KeyService.Tests.Storage;

public abstract class WebhookTableTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public async Task An_endpoint_reads_back_and_removing_it_cancels_what_is_pending()
    {
        var user = await AddUserAsync();
        var endpoint = Endpoint(user.Id) with { Types = [NotificationType.DeviceUnlocked, NotificationType.KeyRevoked] };
        await CommitAsync(s => s.Webhooks.InsertEndpointAsync(endpoint, Ct));
        var notification = await NotifyAsync(user.Id);
        await CommitAsync(s => s.Webhooks.InsertDeliveryAsync(Delivery(endpoint.Id, notification, Sample.At(1)), Ct));

        AssertSame(endpoint, await ReadAsync(s => s.Webhooks.GetEndpointAsync(endpoint.Id, forUpdate: false, Ct)));
        Assert.Equal(1, await ReadAsync(s => s.Webhooks.CountActiveEndpointsAsync(user.Id, Ct)));
        Assert.Equal(1, await CommitAsync(s => s.Webhooks.RemoveEndpointAsync(endpoint.Id, Sample.At(9), Ct)));

        Assert.Empty(await ReadAsync(s => s.Webhooks.ActiveEndpointsAsync(user.Id, Ct)));
        Assert.Equal(Sample.At(9), (await ReadAsync(s => s.Webhooks.GetEndpointAsync(endpoint.Id, forUpdate: false, Ct)))!.RemovedAt);
        Assert.Single(await ReadAsync(s => s.Webhooks.DeliveriesAsync(endpoint.Id, DeliveryState.Cancelled, 10, Ct)));
    }

    [Fact]
    public async Task Locking_a_users_endpoints_gives_those_not_removed_oldest_first()
    {
        var user = await AddUserAsync();
        var older = Endpoint(user.Id) with { CreatedAt = Sample.At(1) };
        var newer = Endpoint(user.Id) with { CreatedAt = Sample.At(2) };
        var removed = Endpoint(user.Id) with { CreatedAt = Sample.At(3) };
        var others = Endpoint((await AddUserAsync()).Id);
        await CommitAsync(async s =>
        {
            foreach (var endpoint in new[] { newer, removed, older, others })
            {
                await s.Webhooks.InsertEndpointAsync(endpoint, Ct);
            }

            await s.Webhooks.RemoveEndpointAsync(removed.Id, Sample.At(4), Ct);
        });

        var locked = await CommitAsync(s => s.Webhooks.LockActiveEndpointsAsync(user.Id, Ct));

        Assert.Equal([older.Id, newer.Id], locked.Select(endpoint => endpoint.Id));
        AssertSame(older, locked[0]);
    }

    [Fact]
    public async Task Due_gives_the_oldest_per_endpoint_passing_over_busy_and_paused_endpoints_and_a_claim_wins_once()
    {
        await using var store = await Fixture.NewStoreAsync();
        var user = await AddUserAsync(store);
        var (a, b, paused) = (Endpoint(user.Id), Endpoint(user.Id), Endpoint(user.Id) with { PausedUntil = Sample.At(100) });
        var notification = await NotifyAsync(user.Id, store);
        var second = await NotifyAsync(user.Id, store);
        await CommitAsync(
            async s =>
            {
                foreach (var endpoint in new[] { a, b, paused })
                {
                    await s.Webhooks.InsertEndpointAsync(endpoint, Ct);
                    await s.Webhooks.InsertDeliveryAsync(Delivery(endpoint.Id, notification, Sample.At(1)), Ct);
                    await s.Webhooks.InsertDeliveryAsync(Delivery(endpoint.Id, second, Sample.At(1)), Ct);
                }

                // Twice the same notification to the same endpoint is one delivery.
                await s.Webhooks.InsertDeliveryAsync(Delivery(a.Id, notification, Sample.At(1)), Ct);
            },
            store);

        var due = await ReadAsync(s => s.Webhooks.DueAsync(Sample.At(10), [], 10, Ct), store);
        Assert.Equal(new[] { a.Id, b.Id }.Order(), due.Select(d => d.EndpointId).Order());
        Assert.All(due, d => Assert.Equal(notification, d.NotificationId));
        Assert.Equal([b.Id], (await ReadAsync(s => s.Webhooks.DueAsync(Sample.At(10), [unchecked((long)a.Id)], 10, Ct), store)).Select(d => d.EndpointId));
        Assert.Equal(Sample.At(1), await ReadAsync(s => s.Webhooks.NextDueAsync(Ct), store));

        var head = due.First(d => d.EndpointId == a.Id);
        Assert.True(await CommitAsync(s => s.Webhooks.ClaimAsync(head.Id, Sample.At(10), Sample.At(20), Ct), store));
        Assert.False(await CommitAsync(s => s.Webhooks.ClaimAsync(head.Id, Sample.At(10), Sample.At(20), Ct), store));
        var claimed = await ReadAsync(s => s.Webhooks.GetDeliveryAsync(head.Id, Ct), store);
        Assert.Equal((1, Sample.At(20), Sample.At(10)), (claimed!.Attempts, claimed.NextAttemptAt, claimed.LastAttemptAt));
        Assert.Equal(second, (await ReadAsync(s => s.Webhooks.DueAsync(Sample.At(10), [], 10, Ct), store)).Single(d => d.EndpointId == a.Id).NotificationId);
    }

    [Fact]
    public async Task Dead_letters_expire_together_and_replay_with_a_fresh_clock()
    {
        var user = await AddUserAsync();
        var endpoint = Endpoint(user.Id);
        await CommitAsync(s => s.Webhooks.InsertEndpointAsync(endpoint, Ct));
        var first = Delivery(endpoint.Id, await NotifyAsync(user.Id), Sample.At(1)) with { GiveUpAt = Sample.At(5) };
        var second = Delivery(endpoint.Id, await NotifyAsync(user.Id), Sample.At(1)) with { GiveUpAt = Sample.At(6) };
        var later = Delivery(endpoint.Id, await NotifyAsync(user.Id), Sample.At(1)) with { GiveUpAt = Sample.At(60) };
        await CommitAsync(async s =>
        {
            foreach (var delivery in new[] { first, second, later })
            {
                await s.Webhooks.InsertDeliveryAsync(delivery, Ct);
            }
        });

        Assert.Equal(2, await CommitAsync(s => s.Webhooks.ExpireAsync(endpoint.Id, Sample.At(7), Ct)));
        var dead = await ReadAsync(s => s.Webhooks.DeliveriesAsync(endpoint.Id, DeliveryState.Dead, 10, Ct));
        Assert.Equal([first.NotificationId, second.NotificationId], dead.Select(d => d.NotificationId).Order());
        Assert.All(dead, d => Assert.StartsWith("given up", d.LastError));

        Assert.Equal(1, await CommitAsync(s => s.Webhooks.ReplayAsync(endpoint.Id, [dead[0].Id], Sample.At(8), Sample.At(80), Ct)));
        Assert.Equal(1, await CommitAsync(s => s.Webhooks.ReplayAsync(endpoint.Id, null, Sample.At(8), Sample.At(80), Ct)));
        var pending = await ReadAsync(s => s.Webhooks.DeliveriesAsync(endpoint.Id, DeliveryState.Pending, 10, Ct));
        Assert.Equal(3, pending.Count);
        Assert.All(pending.Where(d => d.GiveUpAt == Sample.At(80)), d => Assert.Equal((0, Sample.At(8)), (d.Attempts, d.NextAttemptAt)));
        Assert.Equal(2, pending.Count(d => d.GiveUpAt == Sample.At(80)));
    }

    private static WebhookEndpoint Endpoint(ulong userId) =>
        new(Sample.Id(), userId, $"https://example.com/{Guid.NewGuid():N}", [], Sample.Bytes(60), Sample.At(1), null, DateTimeOffset.UnixEpoch);

    private static WebhookDelivery Delivery(ulong endpointId, long notificationId, DateTimeOffset at) =>
        new(0, endpointId, notificationId, DeliveryState.Pending, 0, at, at.AddHours(24), at, null, null, null, null);

    private async Task<long> NotifyAsync(ulong userId, ShareKey.KeyService.Storage.IKeyStore? store = null) =>
        (await CommitAsync(
            s => s.Notifications.InsertAsync(new Notification(0, userId, NotificationType.KeyIssued, Sample.At(1), Sample.At(1), null, null, $"audit:{Sample.Id()}", "{}"), Ct),
            store))!.Value;
}

public sealed class SqliteWebhookTableTests(SqliteStoreFixture fixture) : WebhookTableTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresWebhookTableTests(PostgresStoreFixture fixture) : WebhookTableTests(fixture), IClassFixture<PostgresStoreFixture>;
