using ShareKey.KeyService.Api;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Parking.Reservations;
using ShareKey.KeyService.Tests.Service.Notifications;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Parking;

/// <summary>
/// No-show (R2.11), decided by the space's occupancy reports: a reservation whose space the lock has
/// not reported occupied by the no-show time is released once the lock has reported after it, its key revoked (the lock told in a bulletin) and the renter told why; one whose lock
/// reported the space occupied in the window is marked arrived and keeps its key. The windows start
/// a few minutes ago (within the clock slack a booking allows), so the one-minute no-show time has
/// passed when they are booked, and the watcher looks every 100 ms.
/// </summary>
public sealed class NoShowTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task An_unoccupied_space_is_released_and_an_occupied_one_is_kept(string storage)
    {
        await using var world = await ReservationWorld.StartAsync(
            storage, spaces: 2, rules: new { noShowMinutes = 1, graceMinutes = 5 }, configure: options => options.Reservations.NoShowScanInterval = TimeSpan.FromMilliseconds(100));
        var (_, alice) = await world.Service.CreateUserAsync("alice");
        var (_, bob) = await world.Service.CreateUserAsync("bob");
        var start = DateTimeOffset.UtcNow.AddMinutes(-4);
        // Bob's car is on the second space: its lock reported it 30 s into the window, before the no-show time.
        var (parkedSpace, parkedLock) = world.Spaces[1];
        await ReservationWorld.ReportOccupancyAsync(parkedLock, occupied: true, start.AddSeconds(30));
        await parkedLock.WaitForAsync<EventReceiptMessage>();

        var noShow = (await world.ReservedAsync(alice, start, start.AddHours(1))).Reservation;
        var parked = (await world.ReservedAsync(bob, start, start.AddHours(1), parkedSpace)).Reservation;
        // A KeyReport is no word on the space: until the lock reports its occupancy after the no-show time, nobody is released.
        await world.Lock.SendKeyReportAsync();
        // Alice's was due in the same scan as bob's and stays booked: her lock has said nothing of its space since the no-show time.
        var arrived = await ReservationStateAsync(bob, parked, ReservationState.Arrived);
        Assert.Equal(ReservationState.Booked, (await alice.GetAsync<ReservationDto>($"/v1/reservations/{noShow.Id}")).State);

        // Its heartbeat, now: free — the no-show time has passed with the space free.
        await ReservationWorld.ReportOccupancyAsync(world.Lock, occupied: false, DateTimeOffset.UtcNow, detail: 1);

        var released = await ReservationStateAsync(alice, noShow, ReservationState.Released);

        Assert.NotNull(released.PlannedUse.ExpiryTime);
        Assert.Equal(KeyState.Revoked, (await alice.GetAsync<HeldKeyDto>($"/v1/keys/{noShow.KeyId}")).Key.State);
        await world.Lock.WaitForAsync<BulletinMessage>(b => b.Entries.Any(e => e.KeyId == Convert.ToUInt64(noShow.KeyId, 16) && e.Standing == KeyStanding.Revoked));
        var told = await NotificationWorld.WaitForAsync(alice, NotificationType.ReservationReleased);
        Assert.Equal("no-show", NotificationWorld.Data(told, "reason"));
        Assert.Equal(noShow.Id, NotificationWorld.Data(told, "reservationId"));
        await NotificationWorld.WaitForAsync(alice, NotificationType.KeyRevoked, n => NotificationWorld.Data(n, "reason") == "reservation-released");

        Assert.Equal(
            start.AddSeconds(30).ToUnixTimeSeconds(),
            arrived.Session!.ActualStart.ToUnixTimeSeconds());
        Assert.Equal(KeyState.Active, (await bob.GetAsync<HeldKeyDto>($"/v1/keys/{parked.KeyId}")).Key.State);
        Assert.DoesNotContain(await NotificationWorld.FeedAsync(bob), n => n.Type == NotificationType.ReservationReleased);
    }

    private static async Task<ReservationDto> ReservationStateAsync(HttpClient client, ReservationDto reservation, ReservationState state)
    {
        var path = $"/v1/reservations/{reservation.Id}";
        ReservationDto? read = null;
        await Eventually.TrueAsync(async () => (read = await client.GetAsync<ReservationDto>(path)).State == state, $"reservation {path} {Json.Name(state)}");
        return read!;
    }
}
