using System.Net;
using System.Net.Http.Json;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Parking.Reservations;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Service.Parking;

/// <summary>
/// A renter reserves a space for a window within the space's rules and gets the key for its lock:
/// bound to them and that lock, valid for the window plus the space's grace, with a use limit; the
/// first booking of a window wins and a second gets space-taken with the window that holds it. On
/// SQLite and PostgreSQL.
/// </summary>
public sealed class ReservationRulesTests
{
    // Two hours at most, one day ahead at most, 20 minutes' grace.
    private static readonly object Rules = new { maxReservationMinutes = 120, bookingHorizonMinutes = 1_440, cancelHoldMinutes = 15, graceMinutes = 20, noShowMinutes = 30 };

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_window_within_the_rules_is_reserved_with_the_renters_key_for_the_lock(string storage)
    {
        await using var world = await ReservationWorld.StartAsync(storage, rules: Rules);
        var (aliceId, alice) = await world.Service.CreateUserAsync("alice");
        var start = DateTimeOffset.UtcNow.AddHours(1);

        using var response = await world.ReserveAsync(alice, start, start.AddHours(2));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var made = await response.ReadAsync<ReservationApi.MadeReservation>();

        var reservation = made.Reservation;
        var id = reservation.Id;
        Assert.Equal($"/v1/reservations/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(ReservationState.Booked, reservation.State);
        Assert.Equal(aliceId, reservation.UserId);
        Assert.Equal(world.SpaceId, reservation.SpaceId);
        Assert.Equal(start.ToUnixTimeMilliseconds(), reservation.PlannedUse.StartTime.ToUnixTimeMilliseconds());
        Assert.Equal(reservation.IssuanceTime.AddMinutes(15), reservation.CancelFreeUntil);
        Assert.Equal(start.AddMinutes(30).ToUnixTimeMilliseconds(), reservation.NoShowAt.ToUnixTimeMilliseconds());

        // The key: alice's, for this lock only, the window plus 20 minutes each side, 10 uses — what the lock enforces offline.
        var key = made.Key;
        Assert.Equal(reservation.KeyId, key.Key.Id);
        Assert.Equal(aliceId, key.Key.HolderId);
        Assert.Equal($"{world.Lock.Id:x16}", key.Key.DeviceId);
        Assert.Equal(KeyType.Renter, key.Key.Type);
        Assert.Equal(start.AddMinutes(-20).ToUnixTimeSeconds(), key.Key.NotBefore.ToUnixTimeSeconds());
        Assert.Equal(start.AddHours(2).AddMinutes(20).ToUnixTimeSeconds(), key.Key.NotAfter.ToUnixTimeSeconds());
        Assert.Equal(10, key.Key.MaxUses);
        Assert.False(string.IsNullOrEmpty(key.Token));
        Assert.False(string.IsNullOrEmpty(key.HolderSecret));

        Assert.Equal(id, (await TestService.GetAsync<ReservationDto>(alice, $"/v1/reservations/{id}")).Id);
        Assert.Equal([id], (await TestService.GetAsync<ReservationPageDto>(alice, "/v1/reservations")).Items.Select(r => r.Id));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Windows_outside_the_rules_are_refused_each_with_its_own_code(string storage)
    {
        await using var world = await ReservationWorld.StartAsync(storage, rules: Rules);
        var (_, alice) = await world.Service.CreateUserAsync("alice");
        var (bobId, _) = await world.Service.CreateUserAsync("bob");
        var now = DateTimeOffset.UtcNow;

        Task<HttpResponseMessage> Reserve(DateTimeOffset start, DateTimeOffset end, string? spaceId = null, string? userId = null) =>
            world.ReserveAsync(alice, start, end, spaceId, userId);

        var past = await AssertProblemAsync(await Reserve(now.AddHours(-1), now.AddHours(1)), HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal("startTime", past.Field);
        await AssertProblemAsync(await Reserve(now.AddHours(2), now.AddHours(1)), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await Reserve(now.AddHours(1), now.AddHours(1)), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await Reserve(now.AddHours(1), now.AddHours(3).AddMinutes(1)), HttpStatusCode.Conflict, "reservation-too-long");
        await AssertProblemAsync(await Reserve(now.AddDays(2), now.AddDays(2).AddHours(1)), HttpStatusCode.Conflict, "reservation-beyond-horizon");
        // 1971 to 2106: neither in the future nor sane.
        await AssertProblemAsync(await Reserve(DateTimeOffset.FromUnixTimeSeconds(1), DateTimeOffset.FromUnixTimeSeconds(uint.MaxValue)), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await Reserve(now.AddHours(1), now.AddHours(2), spaceId: "00000000000000aa"), HttpStatusCode.NotFound, "space-not-found");
        await AssertProblemAsync(await Reserve(now.AddHours(1), now.AddHours(2), spaceId: "B1-00"), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await Reserve(now.AddHours(1), now.AddHours(2), userId: bobId), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await alice.PostAsJsonAsync("/v1/reservations", new { spaceId = world.SpaceId, endTime = now.AddHours(2) }, Json.Options), HttpStatusCode.BadRequest, "invalid-request");

        // Nothing was held by any refusal: the whole first hour is still free.
        Assert.Empty((await TestService.GetAsync<ReservationPageDto>(world.Service.Operator, "/v1/reservations")).Items);
        await world.ReservedAsync(alice, now.AddMinutes(1), now.AddHours(2));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task The_first_to_reserve_wins_and_the_second_renter_hears_which_window_holds_the_space(string storage)
    {
        await using var world = await ReservationWorld.StartAsync(storage, spaces: 2, rules: Rules);
        var (_, alice) = await world.Service.CreateUserAsync("alice");
        var (_, bob) = await world.Service.CreateUserAsync("bob");
        var start = DateTimeOffset.UtcNow.AddHours(1);
        await world.ReservedAsync(alice, start, start.AddHours(1));

        var taken = await AssertProblemAsync(await world.ReserveAsync(bob, start.AddMinutes(30), start.AddMinutes(90)), HttpStatusCode.Conflict, "space-taken");

        Assert.NotNull(taken.Taken);
        Assert.Equal(start.ToUnixTimeMilliseconds(), taken.Taken.StartTime.ToUnixTimeMilliseconds());
        Assert.Equal(start.AddHours(1).ToUnixTimeMilliseconds(), taken.Taken.EndTime.ToUnixTimeMilliseconds());
        Assert.Contains("B1-00", taken.Detail);
        Assert.DoesNotContain("alice", taken.Body);
        // Right after it, or on the other space, bob gets his.
        await world.ReservedAsync(bob, start.AddHours(1), start.AddHours(2));
        await world.ReservedAsync(bob, start.AddMinutes(30), start.AddMinutes(90), world.Spaces[1].Id);
        var refused = (await TestService.GetAsync<AuditDto[]>(world.Service.Operator, "/v1/audit?action=reservation.make"))
            .Where(entry => entry.Result == "space-taken");
        Assert.Single(refused);
    }
}
