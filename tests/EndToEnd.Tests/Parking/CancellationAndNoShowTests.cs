using ShareKey.EndToEnd.Tests.Support;
using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Parking.Reservations;

namespace ShareKey.EndToEnd.Tests.Parking;

/// <summary>
/// The reservation rules that end a booking, end to end with the real KeyService, broker and simulated
/// locks: cancelling is free within the space's hold period (the key revoked) and refused after it
/// (cancel-window-closed); a renter whose space the lock still reports free at the no-show time is
/// released — the key revoked, the lock told in a bulletin so it refuses the key offline, and the renter
/// told why.
/// </summary>
public sealed class CancellationAndNoShowTests
{
    [Fact]
    public async Task Cancelling_is_free_within_the_hold_period_and_refused_after_it()
    {
        await using var rig = await Rig.StartAsync();
        var garage = await HarbourGarage.ImportAsync(
            rig,
            new()
            {
                ["G-02"] = new { cancelHoldMinutes = 15 },
                // No hold period at all: a booking stands the moment it is made.
                ["G-03"] = new { cancelHoldMinutes = 0 },
            },
            "G-02",
            "G-03");
        var carl = await rig.PhoneOfAsync("carl");
        var from = DateTimeOffset.UtcNow.AddHours(2);

        var flexible = (await carl.AsUserJsonAsync<ReservationApi.MadeReservation>("reservation", "make", "--space", "G-02", "--from", HarbourGarage.Time(from), "--hours", "1")).Reservation;
        var firm = (await carl.AsUserJsonAsync<ReservationApi.MadeReservation>("reservation", "make", "--space", "G-03", "--from", HarbourGarage.Time(from), "--hours", "1")).Reservation;
        var bulletinBefore = garage.Locks["G-02"].Status().BulletinSequence;

        var cancelled = await carl.AsUserAsync("reservation", "cancel", flexible.Id, "--json");
        var refused = await carl.AsUserAsync("reservation", "cancel", firm.Id);
        await HarbourGarage.SeenAsync(rig, garage.Locks["G-02"], s => s.BulletinSequence > bulletinBefore);

        var cancelledReservation = cancelled.Read<ReservationDto>();
        Assert.Equal(ReservationState.Cancelled, cancelledReservation.State);
        Assert.NotNull(cancelledReservation.PlannedUse.CancelTime);
        Assert.Equal(KeyState.Revoked, await KeyStateAsync(carl, flexible.KeyId));

        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith("error cancel-window-closed:", refused.Error);
        Assert.Equal(ReservationState.Booked, (await carl.AsUserJsonAsync<ReservationDto>("reservation", "show", firm.Id)).State);
        Assert.Equal(KeyState.Active, await KeyStateAsync(carl, firm.KeyId));

        // The cancelled window is free again for someone else.
        var dora = await rig.PhoneOfAsync("dora");
        var rebooked = await dora.AsUserAsync("reservation", "make", "--space", "G-02", "--from", HarbourGarage.Time(from), "--hours", "1");
        Assert.True(rebooked.ExitCode == 0, rebooked.ToString());
    }

    [Fact]
    public async Task A_no_show_is_released_its_key_refused_at_the_lock_and_the_renter_told_why()
    {
        await using var rig = await Rig.StartAsync(service: options => options.Reservations.NoShowScanInterval = TimeSpan.FromMilliseconds(200));
        var garage = await HarbourGarage.ImportAsync(rig, new() { ["B-01"] = new { graceMinutes = 0, noShowMinutes = 1 } }, "B-01");
        var bay = garage.Locks["B-01"];
        var nora = await rig.PhoneOfAsync("nora");
        var start = DateTimeOffset.UtcNow;

        var reservation = (await nora.AsUserJsonAsync<ReservationApi.MadeReservation>("reservation", "make", "--space", "B-01", "--from", HarbourGarage.Time(start), "--hours", "1")).Reservation;
        var keyId = reservation.KeyId;
        Assert.Equal(0, (await nora.FetchAsync(keyId)).ExitCode);
        var bulletinBefore = bay.Status().BulletinSequence;

        // Nobody parks; the lock's heartbeat keeps reporting the space free past the no-show time.
        var released = await HarbourGarage.ReservationAsync(rig, reservation.Id, ReservationState.Released, TimeSpan.FromSeconds(120));
        await HarbourGarage.SeenAsync(rig, bay, s => s.BulletinSequence > bulletinBefore);
        var refused = await nora.UnlockAsync(keyId, bay);
        var told = await Eventually.GetAsync(
            async () => (await nora.AsUserJsonAsync<NotificationPageDto>("notifications", "list")).Items,
            items => items.Any(n => n.Type == NotificationType.ReservationReleased),
            "nora told of the release");

        Assert.NotNull(released.PlannedUse.ExpiryTime);
        Assert.Null(released.Session);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("REFUSED: revoked", refused.Output);
        Assert.Equal(BarrierPosition.Raised, bay.Status().Position);
        // The data differs by type: the DTO carries it as JSON.
        var why = told.First(n => n.Type == NotificationType.ReservationReleased).Data;
        Assert.Equal("no-show", why.GetProperty("reason").GetString());
        Assert.Equal(reservation.Id, why.GetProperty("reservationId").GetString());
        Assert.Equal(keyId, why.GetProperty("keyId").GetString());
    }

    private static async Task<KeyState> KeyStateAsync(UserPhone phone, string keyId) =>
        (await phone.AsUserJsonAsync<HeldKeyDto>("key", "show", keyId)).Key.State;
}
