using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Secrets;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Tests.Storage;

namespace ShareKey.KeyService.Tests.Service.Notifications;

/// <summary>
/// A replay and a removal of one endpoint at the same moment, on PostgreSQL (SQLite runs one write
/// session at a time): the removal's session is held open with its work done, and the replay begins
/// beside it. The replay takes the endpoint's row before its deliveries', as the removal does, so it
/// waits and is then refused; before, it turned the dead letters pending at once, and the removal
/// (which cancels only what was pending when it ran) left them to be sent to a removed endpoint.
/// </summary>
public sealed class WebhookReplayRaceTests(PostgresStoreFixture fixture) : StoreTests(fixture), IClassFixture<PostgresStoreFixture>
{
    [Fact]
    public async Task A_replay_beside_the_removal_of_its_endpoint_leaves_nothing_to_send_to_it()
    {
        var user = await AddUserAsync();
        var endpoint = new WebhookEndpoint(Sample.Id(), user.Id, "https://example.com/hook", [], Sample.Bytes(60), Sample.At(1), null, DateTimeOffset.UnixEpoch);
        await CommitAsync(s => s.Webhooks.InsertEndpointAsync(endpoint, Ct));
        var notification = (await CommitAsync(s => s.Notifications.InsertAsync(
            new Notification(0, user.Id, NotificationType.KeyIssued, Sample.At(1), Sample.At(1), null, null, $"audit:{Sample.Id()}", "{}"), Ct)))!.Value;
        await CommitAsync(s => s.Webhooks.InsertDeliveryAsync(
            new WebhookDelivery(0, endpoint.Id, notification, DeliveryState.Dead, 3, Sample.At(2), Sample.At(2), Sample.At(1), Sample.At(2), null, 500, "refused"), Ct));
        var runner = new TransactionRunner(Store, TransactionRetry.Default, new IgnoredRetries(), NullLogger<TransactionRunner>.Instance);
        var webhooks = new WebhookService(
            Store, new SecretSealer(Sample.Bytes(32)), new AuditLog(runner, TimeProvider.System), Options.Create(new NotificationOptions()), TimeProvider.System);

        Task<int> replay;
        var removal = await Store.BeginAsync(Ct);
        try
        {
            await removal.Webhooks.RemoveEndpointAsync(endpoint.Id, Sample.At(5), Ct);
            replay = Task.Run(() => webhooks.ReplayAsync(new Caller(user.Id, user.Name, UserRole.User), endpoint.Id, null, Ct));
            // The replay waits for the removal's lock on the endpoint (before, it finished at once).
            await Task.WhenAny(replay, Fixture.UntilSessionWaitsAsync(Fixture.StoreDatabase));
            await removal.CommitAsync(Ct);
        }
        finally
        {
            await removal.DisposeAsync();
        }

        var refused = await Assert.ThrowsAsync<ServiceError>(() => replay);
        Assert.Equal(ErrorCode.Conflict, refused.Code);
        Assert.Empty(await ReadAsync(s => s.Webhooks.DeliveriesAsync(endpoint.Id, DeliveryState.Pending, 10, Ct)));
        Assert.Single(await ReadAsync(s => s.Webhooks.DeliveriesAsync(endpoint.Id, DeliveryState.Dead, 10, Ct)));
    }
}
