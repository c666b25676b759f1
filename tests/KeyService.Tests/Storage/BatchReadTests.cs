using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Storage;

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

        Assert.Equal(new uint[] { 2, 3 }, newest.Where(message => message.DeviceId == first.Id).Select(message => message.MessageId));
        Assert.Equal(new uint[] { 1 }, newest.Where(message => message.DeviceId == second.Id).Select(message => message.MessageId));
        Assert.Equal(3, newest.Count);
        AssertSame(
            await ReadAsync(s => s.Outbox.ListAsync(first.Id, null, 2, Ct)),
            newest.Where(message => message.DeviceId == first.Id).ToList());
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
