using ShareKey.EndToEnd.Tests.Support;
using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.Firmware.ParkingLock.Sensing;
using ShareKey.KeyService.Parking.Occupancy;
using ShareKey.KeyService.Parking.Reservations;

namespace ShareKey.EndToEnd.Tests.Parking;

/// <summary>
/// Parking end to end (R2.1–R2.4, R2.9–R2.11) with the real KeyService, its broker and simulated
/// parking locks (the real ParkingLockController): the operator imports a garage with five spaces
/// and locks, a renter reserves a space and gets its key and the map to it, her phone lowers the
/// barrier over BLE, her car parks (the lock reports occupied, the reservation becomes arrived) and
/// leaves (free reported, the barrier raises by itself); after the window the key no longer opens
/// the lock, which has no network. A second renter's overlapping reservation is refused space-taken.
/// </summary>
public sealed class ReservationJourneyTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(75);

    [Fact]
    public async Task A_renter_reserves_parks_and_leaves_a_second_renter_is_refused_and_the_key_ends_with_the_window_offline()
    {
        await using var rig = await Rig.StartAsync(service: options => options.Reservations.NoShowScanInterval = TimeSpan.FromMilliseconds(200));
        // No grace, so the key ends when the window does; the shortest no-show time, which falls inside the window.
        var garage = await HarbourGarage.ImportAsync(rig, new() { ["G-01"] = new { graceMinutes = 0, noShowMinutes = 1 } }, "G-01");
        var bay = garage.Locks["G-01"];
        var rita = await rig.PhoneOfAsync("rita");
        var sam = await rig.PhoneOfAsync("sam");
        var start = DateTimeOffset.UtcNow;
        var end = start + Window;

        // Rita reserves by the space's label; the key for its lock comes with the reservation.
        var made = await rita.AsUserJsonAsync<ReservationApi.MadeReservation>("reservation", "make", "--space", "G-01", "--from", HarbourGarage.Time(start), "--to", HarbourGarage.Time(end));
        var reservation = made.Reservation;
        var reservationId = reservation.Id;
        var keyId = reservation.KeyId;
        var key = made.Key.Key;

        // Sam wants an overlapping window on the same space: the first booking holds it.
        var refused = await sam.AsUserAsync("reservation", "make", "--space", "G-01", "--from", HarbourGarage.Time(start.AddSeconds(30)), "--hours", "2");

        var fetched = await rita.FetchAsync(keyId);
        var mapFile = rig.PathOf("rita-map.svg");
        var map = await rita.AsUserAsync("phone", "map", "G-01", "--out", mapFile);

        // At the space: the phone lowers the barrier, the car parks, then leaves; the barrier raises by itself.
        var opened = await rita.UnlockAsync(keyId, bay);
        await HarbourGarage.SeenAsync(rig, bay, s => s.Position == BarrierPosition.Lowered);
        bay.CarArrives();
        await HarbourGarage.SeenAsync(rig, bay, s => s.Occupancy == Occupancy.Occupied);
        var occupied = await garage.OccupancyAsync(rig, "G-01", OccupancyState.Occupied);
        var arrived = await HarbourGarage.ReservationAsync(rig, reservationId, ReservationState.Arrived, TimeSpan.FromSeconds(90));
        bay.CarLeaves();
        await HarbourGarage.SeenAsync(rig, bay, s => s is { Occupancy: Occupancy.Free, Position: BarrierPosition.Raised });
        var free = await garage.OccupancyAsync(rig, "G-01", OccupancyState.Free);

        // Out of coverage: the same board over the same flash, no broker reachable; the window passes.
        await rig.PowerOffAsync(bay);
        var offline = await rig.PowerOnLockAsync(garage.Boards["G-01"], o => HarbourGarage.Quick(o) with { StartRaised = true }, online: false);
        await HarbourGarage.SeenAsync(rig, offline, s => s.DeviceTime > end.ToUnixTimeSeconds(), Window + TimeSpan.FromSeconds(30));
        var late = await rita.UnlockAsync(keyId, offline);

        Assert.Equal(start.ToUnixTimeMilliseconds(), reservation.PlannedUse.StartTime.ToUnixTimeMilliseconds());
        // The lock counts whole seconds: the key's window is the reservation's, to the second.
        Assert.InRange(key.NotBefore - start, TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1));
        Assert.InRange(key.NotAfter - end, TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1));
        Assert.Equal(rita.UserId, key.HolderId);

        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith("error space-taken: Space G-01 is reserved from", refused.Error);
        Assert.DoesNotContain("rita", refused.Error);

        Assert.True(fetched.ExitCode == 0, fetched.ToString());
        Assert.True(map.ExitCode == 0, map.ToString());
        var svg = await File.ReadAllTextAsync(mapFile);
        Assert.StartsWith("<svg", svg.TrimStart());
        Assert.Contains("G-01", svg);

        Assert.True(opened.ExitCode == 0, opened.ToString());
        Assert.Contains("ACCEPTED: unlock done", opened.Output);
        Assert.Equal(OccupancyState.Occupied, occupied.State);
        Assert.True(arrived.Session is { ActualStart: var actualStart } && actualStart != default, arrived.ToString());
        Assert.Equal(OccupancyState.Free, free.State);
        Assert.Equal(1.0, bay.Barrier.Height);

        Assert.Equal(2, late.ExitCode);
        Assert.Contains("REFUSED: expired", late.Output);
        Assert.False(offline.Status().Online);
        Assert.Equal(BarrierPosition.Raised, offline.Status().Position);
    }
}
