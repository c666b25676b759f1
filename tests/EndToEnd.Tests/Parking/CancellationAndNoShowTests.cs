using System.Text.Json;
using ShareKey.EndToEnd.Tests.Support;
using ShareKey.Firmware.ParkingLock.Motion;

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

        var flexible = (await carl.AsUserJsonAsync("reservation", "make", "--space", "G-02", "--from", HarbourGarage.Time(from), "--hours", "1")).GetProperty("reservation");
        var firm = (await carl.AsUserJsonAsync("reservation", "make", "--space", "G-03", "--from", HarbourGarage.Time(from), "--hours", "1")).GetProperty("reservation");
        var bulletinBefore = garage.Locks["G-02"].Status().BulletinSequence;

        var cancelled = await carl.AsUserAsync("reservation", "cancel", flexible.GetProperty("id").GetString()!, "--json");
        var refused = await carl.AsUserAsync("reservation", "cancel", firm.GetProperty("id").GetString()!);
        await HarbourGarage.SeenAsync(rig, garage.Locks["G-02"], s => s.BulletinSequence > bulletinBefore);

        var cancelledReservation = cancelled.Json();
        Assert.Equal("cancelled", cancelledReservation.GetProperty("state").GetString());
        Assert.True(cancelledReservation.GetProperty("plannedUse").TryGetProperty("cancelTime", out _));
        Assert.Equal("revoked", await KeyStateAsync(carl, flexible.GetProperty("keyId").GetString()!));

        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith("error cancel-window-closed:", refused.Error);
        Assert.Equal("booked", (await carl.AsUserJsonAsync("reservation", "show", firm.GetProperty("id").GetString()!)).GetProperty("state").GetString());
        Assert.Equal("active", await KeyStateAsync(carl, firm.GetProperty("keyId").GetString()!));

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

        var reservation = (await nora.AsUserJsonAsync("reservation", "make", "--space", "B-01", "--from", HarbourGarage.Time(start), "--hours", "1")).GetProperty("reservation");
        var keyId = reservation.GetProperty("keyId").GetString()!;
        Assert.Equal(0, (await nora.FetchAsync(keyId)).ExitCode);
        var bulletinBefore = bay.Status().BulletinSequence;

        // Nobody parks; the lock's heartbeat keeps reporting the space free past the no-show time.
        var released = await HarbourGarage.ReservationAsync(rig, reservation.GetProperty("id").GetString()!, "released", TimeSpan.FromSeconds(120));
        await HarbourGarage.SeenAsync(rig, bay, s => s.BulletinSequence > bulletinBefore);
        var refused = await nora.UnlockAsync(keyId, bay);
        var told = await Eventually.GetAsync(
            async () => (await nora.AsUserJsonAsync("notifications", "list")).GetProperty("items").EnumerateArray().ToList(),
            items => items.Any(n => n.GetProperty("type").GetString() == "reservation.released"),
            "nora told of the release");

        Assert.True(released.GetProperty("plannedUse").TryGetProperty("expiryTime", out _));
        Assert.False(released.TryGetProperty("session", out var session) && session.ValueKind != JsonValueKind.Null);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("REFUSED: revoked", refused.Output);
        Assert.Equal(BarrierPosition.Raised, bay.Status().Position);
        var why = told.First(n => n.GetProperty("type").GetString() == "reservation.released").GetProperty("data");
        Assert.Equal("no-show", why.GetProperty("reason").GetString());
        Assert.Equal(reservation.GetProperty("id").GetString(), why.GetProperty("reservationId").GetString());
        Assert.Equal(keyId, why.GetProperty("keyId").GetString());
    }

    private static async Task<string?> KeyStateAsync(UserPhone phone, string keyId) =>
        (await phone.AsUserJsonAsync("key", "show", keyId)).GetProperty("key").GetProperty("state").GetString();
}
