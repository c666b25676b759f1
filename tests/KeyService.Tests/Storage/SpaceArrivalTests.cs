using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Parking.Garages;
using ShareKey.KeyService.Parking.Occupancy;
using ShareKey.KeyService.Parking.Spaces;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>
/// The no-show rule's question — did the renter arrive? — answered from the space's occupancy
/// records, fed as the gateway feeds them (the lock's Event batches through <see cref="OccupancyRecorder"/>):
/// occupied within the window up to the no-show time is an arrival (a change, a heartbeat or an
/// answer to a ReportRequest); otherwise a no-show only once the lock reported after the no-show
/// time — a silent lock's space is unknown, and nobody is released on it.
/// </summary>
public abstract class SpaceArrivalTests(StoreFixture fixture) : StoreTests(fixture)
{
    private static readonly DateTimeOffset From = Sample.At(1_000);
    private static readonly DateTimeOffset NoShowAt = Sample.At(3_000);

    [Fact]
    public async Task Occupied_within_the_window_is_an_arrival_at_the_first_report()
    {
        var (space, device) = await AddSpaceAsync();
        await ReportAsync(space, device, 900, occupied: true);
        await ReportAsync(space, device, 1_500, occupied: false);
        await ReportAsync(space, device, 2_100, occupied: true, OccupancyReason.Heartbeat);
        await ReportAsync(space, device, 2_500, occupied: true);

        var arrival = await ArrivalAsync(space);

        Assert.Equal(new Arrival(ArrivalVerdict.Arrived, DateTimeOffset.FromUnixTimeSeconds(Sample.At(2_100).ToUnixTimeSeconds())), arrival);
    }

    [Fact]
    public async Task An_answer_to_a_report_request_counts_like_a_change()
    {
        var (space, device) = await AddSpaceAsync();
        await ReportAsync(space, device, 2_999, occupied: true, OccupancyReason.Asked);

        Assert.Equal(ArrivalVerdict.Arrived, (await ArrivalAsync(space)).Verdict);
    }

    [Fact]
    public async Task Free_throughout_is_a_no_show_once_the_lock_reported_after_the_no_show_time()
    {
        var (heard, heardLock) = await AddSpaceAsync();
        var (silent, silentLock) = await AddSpaceAsync();
        foreach (var (space, device) in new[] { (heard, heardLock), (silent, silentLock) })
        {
            await ReportAsync(space, device, 1_200, occupied: false);
            // Occupied long before the window: does not count.
            await ReportAsync(space, device, 10, occupied: true);
        }

        // Heard after the no-show time (its heartbeat, free): a no-show. The silent lock's last word is older.
        await ReportAsync(heard, heardLock, 3_001, occupied: false, OccupancyReason.Heartbeat);
        await ReportAsync(silent, silentLock, 2_999, occupied: false, OccupancyReason.Heartbeat);

        Assert.Equal(new Arrival(ArrivalVerdict.NoShow), await ArrivalAsync(heard));
        Assert.Equal(new Arrival(ArrivalVerdict.NotKnownYet), await ArrivalAsync(silent));
    }

    [Fact]
    public async Task Occupied_only_after_the_no_show_time_is_still_a_no_show()
    {
        var (space, device) = await AddSpaceAsync();
        await ReportAsync(space, device, 3_100, occupied: true);

        Assert.Equal(new Arrival(ArrivalVerdict.NoShow), await ArrivalAsync(space));
    }

    [Fact]
    public async Task Another_space_s_reports_say_nothing_about_this_one()
    {
        var (space, _) = await AddSpaceAsync();
        var (other, otherLock) = await AddSpaceAsync();
        await ReportAsync(other, otherLock, 2_000, occupied: true);
        await ReportAsync(other, otherLock, 3_500, occupied: false);

        Assert.Equal(new Arrival(ArrivalVerdict.NotKnownYet), await ArrivalAsync(space));
    }

    private Task<Arrival> ArrivalAsync(ParkingSpace space) => ReadAsync(s => SpaceArrival.CheckAsync(s, space.Id, From, NoShowAt, Ct));

    private async Task<(ParkingSpace Space, Device Lock)> AddSpaceAsync()
    {
        var device = Sample.Device(DeviceKind.ParkingLock);
        var garage = new Garage(
            Sample.Id(), Sample.Name("garage"), "Europe/Berlin", new GarageAddress("DE", "Hamburg", "20457", ["Am Sandtorkai 1"]), [new GarageFloor(0, "Street")], null, Sample.At(40));
        var space = new ParkingSpace(
            Sample.Id(), garage.Id, "A-1", 0, device.Id, new SpaceRules(TimeSpan.FromHours(3), TimeSpan.FromDays(9), TimeSpan.FromMinutes(7), TimeSpan.FromMinutes(11), TimeSpan.FromMinutes(13)), Sample.At(41));
        await CommitAsync(async s =>
        {
            await s.Devices.InsertAsync(device, Ct);
            await s.Garages.InsertAsync(garage, Ct);
            await s.Spaces.InsertAsync(space, Ct);
        });
        return (space, device);
    }

    /// <summary>One occupancy event of the lock's, stored the way the gateway stores an Event batch.</summary>
    private Task ReportAsync(ParkingSpace space, Device device, double at, bool occupied, OccupancyReason reason = OccupancyReason.Change) =>
        CommitAsync(s => new OccupancyRecorder().OnEventsAsync(
            s, device, [new EventRecord(EventKind.Occupancy, (uint)Sample.At(at).ToUnixTimeSeconds(), 0, (byte)reason, occupied ? (short)1 : (short)0)], Sample.At(at), Ct));
}

public sealed class SqliteSpaceArrivalTests(SqliteStoreFixture fixture) : SpaceArrivalTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresSpaceArrivalTests(PostgresStoreFixture fixture) : SpaceArrivalTests(fixture), IClassFixture<PostgresStoreFixture>;
