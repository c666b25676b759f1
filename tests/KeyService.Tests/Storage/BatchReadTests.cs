using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.RemoteLock;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Vehicles;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>Reads of many rows in one statement (what a batch of up frames needs): each row asked for, in the order asked, null where there is none.</summary>
public abstract class BatchReadTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public async Task Outbox_messages_are_found_by_device_and_message_id_pair_by_pair()
    {
        // One id below 2^63 and one above: stored as signed numbers, the second is negative.
        var low = await AddDeviceWithIdAsync((ulong)Random.Shared.NextInt64(1, long.MaxValue));
        var high = await AddDeviceAsync();
        var lowFirst = await CommitAsync(s => s.Outbox.InsertAsync(Sample.Outbox(low.Id, 1), Ct));
        var highSecond = await CommitAsync(s => s.Outbox.InsertAsync(Sample.Outbox(high.Id, uint.MaxValue), Ct));

        // (low, max) and (high, 1) cross the two stored pairs: neither exists.
        var found = await ReadAsync(s => s.Outbox.FindAsync([(high.Id, uint.MaxValue), (low.Id, uint.MaxValue), (high.Id, 1), (low.Id, 1)], Ct));

        Assert.Equal(new long?[] { highSecond, null, null, lowFirst }, found.Select(message => message?.Id));
        Assert.Empty(await ReadAsync(s => s.Outbox.FindAsync([], Ct)));
        Assert.Equal(new long?[] { lowFirst, null, highSecond }, (await ReadAsync(s => s.Outbox.GetAsync([lowFirst, highSecond + 1_000_000, highSecond], Ct))).Select(message => message?.Id));
    }

    [Fact]
    public async Task Rotations_and_key_reports_read_for_many_at_once()
    {
        var first = await AddDeviceAsync();
        var second = await AddDeviceAsync();
        var confirmed = await CommitAsync(s => s.Rotations.InsertAsync(Sample.Rotation(first.Id, RotationState.Confirmed), Ct));
        var sending = await CommitAsync(s => s.Rotations.InsertAsync(Sample.Rotation(second.Id), Ct));
        var report = new DeviceKeyReport(second.Id, 3, 2, 1, 1_700_000_000, [new KeyUseCount(Sample.Id(), 4)], Sample.At(5));
        await CommitAsync(s => s.Reports.SaveKeyReportsAsync([report], Ct));

        var rotations = await ReadAsync(s => s.Rotations.GetAsync([sending, sending + 1_000_000, confirmed], Ct));

        Assert.Equal(new long?[] { sending, null, confirmed }, rotations.Select(rotation => rotation?.Id));
        Assert.Equal(RotationState.Confirmed, rotations[2]!.State);
        AssertSame(new[] { report }, await ReadAsync(s => s.Reports.KeyReportsAsync([first.Id, second.Id], Ct)));
    }

    [Fact]
    public async Task Each_devices_newest_outbox_messages_read_for_many_at_once_as_for_each_alone()
    {
        var first = await AddDeviceAsync();
        var second = await AddDeviceAsync();
        var quiet = await AddDeviceAsync();
        await CommitAsync(async s =>
        {
            await s.Outbox.InsertAsync(Sample.Outbox(first.Id, 1) with { CreatedAt = Sample.At(1) }, Ct);
            await s.Outbox.InsertAsync(Sample.Outbox(first.Id, 2) with { CreatedAt = Sample.At(3) }, Ct);
            await s.Outbox.InsertAsync(Sample.Outbox(first.Id, 3) with { CreatedAt = Sample.At(2) }, Ct);
            await s.Outbox.InsertAsync(Sample.Outbox(second.Id, 1) with { CreatedAt = Sample.At(5) }, Ct);
        });

        var newest = await ReadAsync(s => s.Outbox.NewestOfDevicesAsync([first.Id, second.Id, quiet.Id], 2, Ct));

        // Newest by message id, the order they were stored in, whatever time each was created at.
        Assert.Equal(new uint[] { 3, 2 }, newest.Where(message => message.DeviceId == first.Id).Select(message => message.MessageId));
        Assert.Equal(new uint[] { 1 }, newest.Where(message => message.DeviceId == second.Id).Select(message => message.MessageId));
        Assert.Equal(3, newest.Count);
        AssertSame(
            await ReadAsync(s => s.Outbox.ListAsync(first.Id, null, 2, Ct)),
            newest.Where(message => message.DeviceId == first.Id).ToList());
    }

    [Fact]
    public async Task Active_bindings_are_found_by_vin_imsi_or_device_each_once_and_inserted_together()
    {
        var (first, second, third, unbound) = (await AddDeviceAsync(), await AddDeviceAsync(), await AddDeviceAsync(), await AddDeviceAsync());
        string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];
        var (vin1, imsi1, vin2, imsi2, vin3, imsi3) = (Unique("V"), Unique("I"), Unique("V"), Unique("I"), Unique("V"), Unique("I"));
        await CommitAsync(s => s.Bindings.InsertAsync([(vin1, imsi1, first.Id), (vin2, imsi2, second.Id)], Sample.At(1), Ct));
        var ended = await CommitAsync(s => s.Bindings.InsertAsync(vin3, imsi3, third.Id, Sample.At(1), Ct));
        await CommitAsync(s => s.Bindings.EndAsync(ended, Sample.At(2), "test", Ct));

        // first by its VIN and its device, second by its IMSI; third's binding ended; nothing of the unbound device.
        var found = await ReadAsync(s => s.Bindings.ActiveOfAsync([vin1, vin3, Unique("V")], [imsi2, imsi3], [first.Id, third.Id, unbound.Id], Ct));

        Assert.Equal(new[] { (vin1, imsi1, first.Id), (vin2, imsi2, second.Id) }.Order(), found.Select(b => (b.Vin, b.Imsi, b.DeviceId)).Order());
        Assert.Empty(await ReadAsync(s => s.Bindings.ActiveOfAsync([], [], [], Ct)));
        // One pair already bound: the batch conflicts as a single insert would.
        await Assert.ThrowsAsync<StoreConflictException>(() => CommitAsync(s => s.Bindings.InsertAsync([(Unique("V"), Unique("I"), unbound.Id), (vin1, Unique("I"), unbound.Id)], Sample.At(3), Ct)));
        Assert.Null(await ReadAsync(s => s.Bindings.ActiveByDeviceAsync(unbound.Id, Ct)));
    }

    [Fact]
    public async Task Thresholds_and_unanswered_remote_lock_requests_read_for_many_cars_at_once()
    {
        var (first, second, quiet) = (await AddDeviceAsync(), await AddDeviceAsync(), await AddDeviceAsync());
        await CommitAsync(s => s.RemoteLocks.SetThresholdAsync(second.Id, 25, Sample.Id(), Sample.At(1), Ct));
        var requests = new List<long>();
        foreach (var (device, messageId) in new[] { (first.Id, 1u), (second.Id, 1u), (first.Id, 2u) })
        {
            var outboxId = await CommitAsync(s => s.Outbox.InsertAsync(Sample.Outbox(device, messageId), Ct));
            var request = new RemoteLockRequest(0, device, RemoteLockAction.Lock, Sample.Id(), Sample.At(1), null, outboxId, messageId, RemoteLockRequestState.Sent, null, Sample.At(1));
            requests.Add(await CommitAsync(s => s.RemoteLocks.InsertRequestAsync(request, Ct)));
        }

        var thresholds = await ReadAsync(s => s.RemoteLocks.ThresholdsAsync([first.Id, second.Id, quiet.Id], Ct));
        var unanswered = await ReadAsync(s => s.RemoteLocks.UnansweredAsync([first.Id, second.Id, quiet.Id], Ct));

        Assert.Equal(new Dictionary<ulong, int> { [second.Id] = 25 }, thresholds);
        Assert.Equal(requests, unanswered.Select(request => request.Id));
        Assert.Empty(await ReadAsync(s => s.RemoteLocks.UnansweredAsync([], Ct)));
        Assert.Empty(await ReadAsync(s => s.RemoteLocks.ThresholdsAsync([], Ct)));
    }

    private async Task<Device> AddDeviceWithIdAsync(ulong id)
    {
        var device = Sample.Device() with { Id = id };
        await CommitAsync(s => s.Devices.InsertAsync(device, Ct));
        return device;
    }
}

public sealed class SqliteBatchReadTests(SqliteStoreFixture fixture) : BatchReadTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresBatchReadTests(PostgresStoreFixture fixture) : BatchReadTests(fixture), IClassFixture<PostgresStoreFixture>;
