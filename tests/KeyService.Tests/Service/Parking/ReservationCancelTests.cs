using System.Net;
using System.Text.Json;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Parking.Reservations;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Parking;

/// <summary>
/// Cancelling is free within the space's hold period after booking: the reservation is cancelled,
/// its key revoked and the lock told in a bulletin, the window free again. After the hold period it
/// is refused with cancel-window-closed and nothing changes. Only the renter (or an operator) cancels.
/// </summary>
public sealed class ReservationCancelTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_cancel_inside_the_hold_period_revokes_the_key_and_frees_the_window(string storage)
    {
        await using var world = await ReservationWorld.StartAsync(storage, rules: new { cancelHoldMinutes = 60 });
        var (_, alice) = await world.Service.CreateUserAsync("alice");
        var (_, bob) = await world.Service.CreateUserAsync("bob");
        var start = DateTimeOffset.UtcNow.AddHours(2);
        var made = (await world.ReservedAsync(alice, start, start.AddHours(1))).Reservation;
        var (id, keyId) = (made.Id, made.KeyId);

        await AssertProblemAsync(await bob.PostAsync($"/v1/reservations/{id}/cancel", null), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await world.Manager.Client.PostAsync($"/v1/reservations/{id}/cancel", null), HttpStatusCode.Forbidden, "forbidden");
        var cancelled = await alice.PostAsync<ReservationDto>($"/v1/reservations/{id}/cancel", null);

        Assert.Equal(ReservationState.Cancelled, cancelled.State);
        Assert.NotNull(cancelled.PlannedUse.CancelTime);
        Assert.Equal(KeyState.Revoked, (await alice.GetAsync<HeldKeyDto>($"/v1/keys/{keyId}")).Key.State);
        var bulletin = await world.Lock.WaitForAsync<BulletinMessage>(b => b.Entries.Any(e => e.KeyId == Convert.ToUInt64(keyId, 16) && e.Standing == KeyStanding.Revoked));
        Assert.NotNull(bulletin);
        await AssertProblemAsync(await alice.PostAsync($"/v1/reservations/{id}/cancel", null), HttpStatusCode.Conflict, "reservation-not-active");
        await world.ReservedAsync(bob, start, start.AddHours(1));
        await Notifications.NotificationWorld.WaitForAsync(alice, NotificationType.KeyRevoked, n => Notifications.NotificationWorld.Data(n, "reason") == "reservation-cancelled");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task After_the_hold_period_a_cancel_is_refused_and_the_reservation_stands(string storage)
    {
        // No hold at all: the period is over the moment the booking is made.
        await using var world = await ReservationWorld.StartAsync(storage, rules: new { cancelHoldMinutes = 0 });
        var (_, alice) = await world.Service.CreateUserAsync("alice");
        var start = DateTimeOffset.UtcNow.AddHours(2);
        var made = (await world.ReservedAsync(alice, start, start.AddHours(1))).Reservation;
        var (id, keyId) = (made.Id, made.KeyId);

        var refused = await AssertProblemAsync(await alice.PostAsync($"/v1/reservations/{id}/cancel", null), HttpStatusCode.Conflict, "cancel-window-closed");

        Assert.Contains("could be cancelled free until", refused.Detail); // the problem details as sent
        Assert.Equal(ReservationState.Booked, (await alice.GetAsync<ReservationDto>($"/v1/reservations/{id}")).State);
        Assert.Equal(KeyState.Active, (await alice.GetAsync<HeldKeyDto>($"/v1/keys/{keyId}")).Key.State);
        Assert.Contains(await world.Service.Operator.GetAsync<List<AuditDto>>($"/v1/audit?target=reservation:{id}"), entry => entry.Result == "cancel-window-closed");
    }
}
