using ShareKey.KeyService.Devices;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Storage;

public abstract class DeviceReportTableTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public async Task A_saved_key_report_reads_back_and_the_next_replaces_it()
    {
        var device = await AddDeviceAsync();
        var report = new DeviceKeyReport(
            device.Id, uint.MaxValue, uint.MaxValue - 1, 3, uint.MaxValue,
            [new KeyUseCount(ulong.MaxValue, ushort.MaxValue), new KeyUseCount(Sample.Id(), 0), new KeyUseCount(1, 7)], Sample.At(1));
        var next = new DeviceKeyReport(device.Id, 9, 8, 4, 1_700_000_000, [], Sample.At(2));

        await CommitAsync(s => s.Reports.SaveKeyReportAsync(report, Ct));
        AssertSame(report, await ReadAsync(s => s.Reports.KeyReportAsync(device.Id, Ct)));

        await CommitAsync(s => s.Reports.SaveKeyReportAsync(next, Ct));
        AssertSame(next, await ReadAsync(s => s.Reports.KeyReportAsync(device.Id, Ct)));
        Assert.Null(await ReadAsync(s => s.Reports.KeyReportAsync(Sample.Id(), Ct)));
    }

    [Fact]
    public async Task Events_read_back_newest_first_up_to_the_limit()
    {
        var device = await AddDeviceAsync();
        var other = await AddDeviceAsync();
        DeviceEvent[] events =
        [
            new(0, device.Id, EventKind.Unlocked, 100, ulong.MaxValue, 0, 0, Sample.At(1)),
            new(0, device.Id, EventKind.Refused, 101, Sample.Id(), byte.MaxValue, short.MinValue, Sample.At(1)),
            new(0, device.Id, EventKind.StateOfCharge, uint.MaxValue, 0, 0, short.MaxValue, Sample.At(2)),
        ];
        await CommitAsync(s => s.Reports.AddEventsAsync(events, Ct));
        await CommitAsync(s => s.Reports.AddEventsAsync([events[0] with { DeviceId = other.Id }], Ct));

        var stored = await ReadAsync(s => s.Reports.EventsAsync(device.Id, 10, Ct));
        var newest = await ReadAsync(s => s.Reports.EventsAsync(device.Id, 1, Ct));

        AssertSame(new[] { events[2], events[1], events[0] }, stored.Select(e => e with { Id = 0 }).ToArray());
        Assert.Equal(3, stored.Select(e => e.Id).Distinct().Count());
        Assert.True(stored[1].Id > stored[2].Id);
        Assert.Equal([stored[0].Id], newest.Select(e => e.Id));
    }
}

public sealed class SqliteDeviceReportTableTests(SqliteStoreFixture fixture) : DeviceReportTableTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresDeviceReportTableTests(PostgresStoreFixture fixture) : DeviceReportTableTests(fixture), IClassFixture<PostgresStoreFixture>;
