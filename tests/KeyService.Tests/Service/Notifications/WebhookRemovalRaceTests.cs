using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Tests.Storage;

namespace ShareKey.KeyService.Tests.Service.Notifications;

/// <summary>
/// The notification pipeline creating a delivery for an endpoint whose removal runs at the same
/// moment, on PostgreSQL (SQLite runs one write session at a time): the removal's session is held
/// open with its work done, and the pipeline derives a notification for the endpoint's user beside
/// it. The pipeline locks the user's endpoints before it inserts their deliveries, as the removal
/// locks the endpoint before cancelling them, so it waits and then leaves the removed endpoint out;
/// before, it read the endpoint as active and queued a delivery the removal had not seen to cancel.
/// </summary>
public sealed class WebhookRemovalRaceTests(PostgresStoreFixture postgres) : StoreTests(postgres), IClassFixture<PostgresStoreFixture>
{
    [Fact]
    public async Task A_notification_derived_beside_the_removal_of_its_endpoint_queues_nothing_for_it()
    {
        // A database of its own: the pipeline reads every pending audit entry there is.
        var database = await Fixture.CreateDatabaseAsync();
        await using var store = Fixture.Open(database);
        await store.MigrateAsync(Ct);
        var user = await AddUserAsync(store);
        var device = await AddDeviceAsync(store);
        var key = Sample.Key(device.Id, user.Id);
        var endpoint = new WebhookEndpoint(Sample.Id(), user.Id, "https://example.com/hook", [], Sample.Bytes(60), Sample.At(1), null, DateTimeOffset.UnixEpoch);
        await CommitAsync(async s =>
        {
            await s.Keys.InsertAsync(key, Ct);
            await s.Webhooks.InsertEndpointAsync(endpoint, Ct);
            await s.Audit.AppendAsync(new AuditEntry(0, Sample.At(2), "test", "key.issue", $"key:{key.Id:x16}", "ok", ""), Ct);
        }, store);
        var runner = new TransactionRunner(store, TransactionRetry.Default, new IgnoredRetries(), NullLogger<TransactionRunner>.Instance);
        var pipeline = new NotificationPipeline(
            runner, new NotificationSignal(), Options.Create(new NotificationOptions()), TimeProvider.System, NullLogger<NotificationPipeline>.Instance);

        Task<int> derived;
        bool waited;
        var removal = await store.BeginAsync(Ct);
        try
        {
            await removal.Webhooks.GetEndpointAsync(endpoint.Id, forUpdate: true, Ct);
            await removal.Webhooks.RemoveEndpointAsync(endpoint.Id, Sample.At(5), Ct);
            derived = Task.Run(() => pipeline.RunOnceAsync(Ct));
            waited = await postgres.WaitsBeforeAsync(database, derived);
            await removal.CommitAsync(Ct);
        }
        finally
        {
            await removal.DisposeAsync();
        }

        Assert.Equal(1, await derived);
        Assert.Single(await ReadAsync(s => s.Notifications.NewestAsync(user.Id, null, 10, Ct), store));
        Assert.Empty(await ReadAsync(s => s.Webhooks.DeliveriesAsync(endpoint.Id, DeliveryState.Pending, 10, Ct), store));
        Assert.True(waited, "The pipeline queued a delivery without waiting for the endpoint's removal.");
    }
}
