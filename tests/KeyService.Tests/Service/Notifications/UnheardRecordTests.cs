using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Tests.Storage;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Notifications;

/// <summary>
/// Records no rule can make a notification of — a rotation's two audit entries, a device's routine
/// ack, a refusal, an occupancy heartbeat — are stored read: the pipeline finds nothing to read and
/// writes nothing, while a record it can tell beside them is told as before.
/// </summary>
public abstract class UnheardRecordTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public async Task The_pipeline_never_reads_a_record_no_rule_can_tell_and_tells_one_it_can()
    {
        // A store of its own: the pipeline reads every pending record there is.
        await using var store = await Fixture.NewStoreAsync();
        var user = await AddUserAsync(store);
        var device = await AddDeviceAsync(store);
        var key = Sample.Key(device.Id, user.Id);
        var target = $"device:{device.Id:x16}";
        await CommitAsync(async s =>
        {
            await s.Keys.InsertAsync(key, Ct);
            await s.Audit.AppendAsync(
                [
                    new AuditEntry(0, Sample.At(1), "service", "rotation.start", target, "ok", "rotation=1 epoch=0->1"),
                    new AuditEntry(0, Sample.At(2), AuditLog.DeviceActor(device.Id), "rotation.confirm", target, "ok", "rotation=1 epoch=1"),
                ],
                Ct);
            await s.Audit.AppendWithCommitAsync(new AuditEntry(0, Sample.At(2), AuditLog.DeviceActor(device.Id), "device.ack.rotate", target, "applied", "message=1"), Ct);
            await s.Audit.AppendAsync(new AuditEntry(0, Sample.At(3), $"user:{user.Id:x16}", "key.freeze", KeyManager.KeyTarget(key.Id), "forbidden", ""), Ct);
            await s.Reports.AddEventsAsync([new DeviceEvent(0, device.Id, EventKind.Occupancy, 5, 0, 1, 1, Sample.At(4))], Ct);
        }, store);
        var runner = new TransactionRunner(store, TransactionRetry.Default, new IgnoredRetries(), NullLogger<TransactionRunner>.Instance);
        var pipeline = new NotificationPipeline(
            runner, new NotificationSignal(), Options.Create(new NotificationOptions()), TimeProvider.System, NullLogger<NotificationPipeline>.Instance);

        Assert.Equal(0, await pipeline.RunOnceAsync(Ct));
        Assert.Empty(await ReadAsync(s => s.Notifications.NewestAsync(user.Id, null, 10, Ct), store));
        Assert.Equal(4, (await ReadAsync(s => s.Audit.QueryAsync(new AuditQuery(), Ct), store)).Count);

        await CommitAsync(s => s.Audit.AppendAsync(new AuditEntry(0, Sample.At(5), "service", "key.issue", KeyManager.KeyTarget(key.Id), "ok", ""), Ct), store);

        Assert.Equal(1, await pipeline.RunOnceAsync(Ct));
        Assert.Equal(NotificationType.KeyIssued, Assert.Single(await ReadAsync(s => s.Notifications.NewestAsync(user.Id, null, 10, Ct), store)).Type);
        Assert.Equal(0, await pipeline.RunOnceAsync(Ct));
    }
}

public sealed class SqliteUnheardRecordTests(SqliteStoreFixture fixture) : UnheardRecordTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresUnheardRecordTests(PostgresStoreFixture fixture) : UnheardRecordTests(fixture), IClassFixture<PostgresStoreFixture>;
