using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Tests.Storage;

namespace ShareKey.KeyService.Tests.Service.Notifications;

/// <summary>
/// The silence watcher on both stores. Several instances look at once; each records a look's silent
/// devices in ascending id order, so two that found the same devices take their silence rows (and,
/// at commit, the checks of those rows' devices) in one order and never wait for each other in a
/// circle — found oldest first, the order would follow last-seen times, which two looks may read
/// differently.
/// </summary>
public abstract class SilenceWatcherTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public async Task A_look_records_its_silent_devices_in_ascending_id_order()
    {
        await using var store = await Fixture.NewStoreAsync();
        var ids = Enumerable.Range(0, 3).Select(_ => Sample.Id()).Order().ToArray();
        for (var i = 0; i < ids.Length; i++)
        {
            // Last seen in the opposite order of their ids.
            var device = Sample.Device() with { Id = ids[i], LastSeenAt = Sample.At(100 - i) };
            await CommitAsync(s => s.Devices.InsertAsync(device, Ct), store);
        }

        var runner = new TransactionRunner(store, TransactionRetry.Default, new NoRetries(), NullLogger<TransactionRunner>.Instance);
        using var watcher = new SilenceWatcher(
            runner,
            new AuditLog(runner, TimeProvider.System),
            Options.Create(new NotificationOptions { SilentAfter = TimeSpan.FromMinutes(1) }),
            TimeProvider.System,
            NullLogger<SilenceWatcher>.Instance);
        await watcher.StartAsync(Ct);
        IReadOnlyList<AuditEntry> recorded = [];
        try
        {
            await Eventually.TrueAsync(
                async () => (recorded = await ReadAsync(s => s.Audit.QueryAsync(new AuditQuery(Action: "device.silent"), Ct), store)).Count == ids.Length,
                "every device's silence recorded");
        }
        finally
        {
            await watcher.StopAsync(CancellationToken.None);
        }

        Assert.Equal(ids.Select(DeviceService.Target), recorded.OrderBy(entry => entry.Id).Select(entry => entry.Target));
    }

    private sealed class NoRetries : IStoreRetryObserver
    {
        public void Retrying(string reason) => throw new InvalidOperationException($"a look collided ({reason}) with nothing else running");

        public void GaveUp(string reason) => throw new InvalidOperationException($"a look collided ({reason}) with nothing else running");
    }
}

public sealed class SqliteSilenceWatcherTests(SqliteStoreFixture fixture) : SilenceWatcherTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresSilenceWatcherTests(PostgresStoreFixture fixture) : SilenceWatcherTests(fixture), IClassFixture<PostgresStoreFixture>;
