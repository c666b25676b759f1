using System.Net;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Parking.Reservations;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Service.Parking;

/// <summary>
/// Who sees which reservations: the renter their own; a space's manager those of their spaces, of
/// every renter; nobody another space's or another renter's; operators all.
/// </summary>
public sealed class ReservationVisibilityTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task The_manager_sees_the_reservations_of_their_spaces_and_nobody_else_sees_others(string storage)
    {
        await using var world = await ReservationWorld.StartAsync(storage, spaces: 2);
        var managed = world.Spaces[0].Id;
        var other = world.Spaces[1].Id;
        // The second space gets a manager of its own instead: the world's manager keeps the first only.
        var (otherManagerId, otherManager) = await world.Service.CreateUserAsync("other-manager");
        var ownerKeys = await TestService.KeysAsync(world.Service.Operator, $"deviceId={world.Spaces[1].Lock.Id:x16}");
        await TestService.PostAsync<KeyDto>(world.Service.Operator, $"/v1/keys/{ownerKeys.Single().Id}/revoke", null);
        await Support.Parking.MakeManagerAsync(world.Service, world.Spaces[1].Lock.Id, otherManagerId);
        var (aliceId, alice) = await world.Service.CreateUserAsync("alice");
        var (bobId, bob) = await world.Service.CreateUserAsync("bob");
        var start = DateTimeOffset.UtcNow.AddHours(1);
        var aliceHere = (await world.ReservedAsync(alice, start, start.AddHours(1), managed)).Reservation.Id;
        var bobHere = (await world.ReservedAsync(bob, start.AddHours(2), start.AddHours(3), managed)).Reservation.Id;
        var aliceThere = (await world.ReservedAsync(alice, start, start.AddHours(1), other)).Reservation.Id;

        async Task<string[]> Listed(HttpClient client, string query = "") =>
            [.. (await TestService.GetAsync<ReservationPageDto>(client, "/v1/reservations" + query)).Items.Select(r => r.Id)];

        // The manager: every renter's reservation of their space, each one readable; not the other space's.
        Assert.Equal([aliceHere, bobHere], await Listed(world.Manager.Client, $"?spaceId={managed}"));
        Assert.Equal([bobHere], await Listed(world.Manager.Client, $"?spaceId={managed}&userId={bobId}"));
        Assert.Equal(bobHere, (await TestService.GetAsync<ReservationDto>(world.Manager.Client, $"/v1/reservations/{bobHere}")).Id);
        await AssertProblemAsync(await world.Manager.Client.GetAsync($"/v1/reservations?spaceId={other}"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await world.Manager.Client.GetAsync($"/v1/reservations/{aliceThere}"), HttpStatusCode.Forbidden, "forbidden");
        Assert.Empty(await Listed(world.Manager.Client));
        Assert.Equal([aliceThere], await Listed(otherManager, $"?spaceId={other}"));

        // Renters: their own only.
        Assert.Equal([bobHere], await Listed(bob));
        await AssertProblemAsync(await bob.GetAsync($"/v1/reservations/{aliceHere}"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await bob.GetAsync($"/v1/reservations?spaceId={managed}"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await alice.GetAsync($"/v1/reservations?userId={bobId}"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await alice.GetAsync("/v1/reservations/00000000000000aa"), HttpStatusCode.NotFound, "reservation-not-found");
        await AssertProblemAsync(await alice.GetAsync("/v1/reservations?state=lost"), HttpStatusCode.BadRequest, "invalid-request");

        // A page at a time, soonest first; a cursor must be a reservation the same list shows, else it is refused as
        // one that does not exist: it tells nobody of another renter's or another space's bookings.
        var first = await TestService.GetAsync<ReservationPageDto>(world.Manager.Client, $"/v1/reservations?spaceId={managed}&limit=1");
        Assert.Equal([aliceHere], first.Items.Select(r => r.Id));
        Assert.Equal(aliceHere, first.NextAfter);
        Assert.Equal([bobHere], await Listed(world.Manager.Client, $"?spaceId={managed}&limit=1&after={first.NextAfter}"));
        var foreign = await AssertProblemAsync(await bob.GetAsync($"/v1/reservations?after={aliceHere}"), HttpStatusCode.BadRequest, "invalid-request");
        var unknown = await AssertProblemAsync(await bob.GetAsync("/v1/reservations?after=00000000000000aa"), HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal(unknown.Detail, foreign.Detail);
        await AssertProblemAsync(await world.Manager.Client.GetAsync($"/v1/reservations?spaceId={managed}&after={aliceThere}"), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await bob.GetAsync("/v1/reservations?limit=0"), HttpStatusCode.BadRequest, "invalid-request");

        // Operators: everything.
        Assert.Equal(3, (await Listed(world.Service.Operator)).Length);
        Assert.Equal(new[] { aliceHere, aliceThere }.Order(), (await Listed(world.Service.Operator, $"?userId={aliceId}")).Order());
    }
}
