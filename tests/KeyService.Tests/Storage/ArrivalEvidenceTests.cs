using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Parking.Reservations;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>
/// The lock's word on an arrival, from its stored occupancy events: occupied within the window up to
/// the no-show time is an arrival (a change or a heartbeat); otherwise a no-show only once the lock
/// was heard from after the no-show time — a silent lock's space is unknown, and nobody is released on it.
/// </summary>
public abstract class ArrivalEvidenceTests(StoreFixture fixture) : StoreTests(fixture)
{
    private static readonly DateTimeOffset From = Sample.At(1_000);
    private static readonly DateTimeOffset NoShowAt = Sample.At(3_000);

    [Fact]
    public async Task Occupied_within_the_window_is_an_arrival_at_the_first_report()
    {
        var device = await AddLockAsync(lastSeen: Sample.At(2_000));
        await AddOccupancyAsync(device, 900, occupied: true);
        await AddOccupancyAsync(device, 1_500, occupied: false);
        await AddOccupancyAsync(device, 2_100, occupied: true, heartbeat: true);
        await AddOccupancyAsync(device, 2_500, occupied: true);

        var arrival = await ArrivalAsync(device);

        Assert.Equal(new Arrival(ArrivalVerdict.Arrived, DateTimeOffset.FromUnixTimeSeconds(Sample.At(2_100).ToUnixTimeSeconds())), arrival);
    }

    [Fact]
    public async Task Free_throughout_is_a_no_show_once_the_lock_spoke_after_the_no_show_time()
    {
        var heard = await AddLockAsync(lastSeen: Sample.At(3_001));
        var silent = await AddLockAsync(lastSeen: Sample.At(2_999));
        foreach (var device in new[] { heard, silent })
        {
            await AddOccupancyAsync(device, 1_200, occupied: false);
            // Occupied only after the no-show time, or long before the window: neither counts.
            await AddOccupancyAsync(device, 3_100, occupied: true);
            await AddOccupancyAsync(device, 10, occupied: true);
        }

        Assert.Equal(new Arrival(ArrivalVerdict.NoShow), await ArrivalAsync(heard));
        Assert.Equal(new Arrival(ArrivalVerdict.NotKnownYet), await ArrivalAsync(silent));
    }

    private Task<Arrival> ArrivalAsync(Device device)
    {
        var reservation = new Reservation(Sample.Id(), Sample.Id(), device.Id, Sample.Id(), Sample.Id(), Sample.At(1_100), Sample.At(9_000), Sample.At(5), Sample.At(905), NoShowAt, ReservationState.Booked, null, null);
        return ReadAsync(s => new LockEventArrivalEvidence().ArrivalAsync(s, reservation, From, Ct));
    }

    private async Task<Device> AddLockAsync(DateTimeOffset lastSeen)
    {
        var device = Sample.Device(DeviceKind.ParkingLock) with { LastSeenAt = lastSeen };
        await CommitAsync(s => s.Devices.InsertAsync(device, Ct));
        return device;
    }

    private Task AddOccupancyAsync(Device device, double at, bool occupied, bool heartbeat = false) =>
        CommitAsync(s => s.Reports.AddEventsAsync(
            [new DeviceEvent(0, device.Id, EventKind.Occupancy, (uint)Sample.At(at).ToUnixTimeSeconds(), 0, heartbeat ? (byte)1 : (byte)0, occupied ? (short)1 : (short)0, Sample.At(at))], Ct));
}

public sealed class SqliteArrivalEvidenceTests(SqliteStoreFixture fixture) : ArrivalEvidenceTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresArrivalEvidenceTests(PostgresStoreFixture fixture) : ArrivalEvidenceTests(fixture), IClassFixture<PostgresStoreFixture>;
