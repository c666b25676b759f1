using System.Net;
using ShareKey.KeyService.Rentals;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Service.Keys;

/// <summary>GET /v1/rentals: newest first, a page at a time; a renter pages through their own rentals and nobody else's.</summary>
public sealed class RentalListTests
{
    private const string Vin = "1M8GDM9A1KP042713";

    [Fact]
    public async Task A_renter_pages_through_their_own_rentals_and_a_cursor_outside_the_list_is_refused()
    {
        await using var service = await TestService.StartAsync();
        await using var car = await Fleet.OnlineAsync(service, "fleet-list-1", Vin);
        await Fleet.ListForRentAsync(service, Vin);
        var (aliceId, alice) = await service.CreateUserAsync("alice-rents");
        var (bobId, bob) = await service.CreateUserAsync("bob-rents");
        async Task<long> RentAndReturnAsync(HttpClient renter)
        {
            var rental = (await TestService.PostAsync<RentalApi.StartedRental>(renter, "/v1/rentals", new { vin = Vin, endsAt = DateTimeOffset.UtcNow.AddHours(1) })).Rental;
            await TestService.PostAsync<RentalApi.ReturnedRental>(renter, $"/v1/rentals/{rental.Id}/return", null);
            return rental.Id;
        }

        var alices = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            alices.Add(await RentAndReturnAsync(alice));
        }

        var bobs = await RentAndReturnAsync(bob);

        var first = await TestService.GetAsync<RentalPageDto>(alice, "/v1/rentals?limit=2");
        var rest = await TestService.GetAsync<RentalPageDto>(alice, $"/v1/rentals?limit=2&before={first.NextBefore}");
        // Each rental starts when asked for, one after the other: newest first is the reverse of the order made.
        Assert.Equal(Enumerable.Reverse(alices), first.Items.Concat(rest.Items).Select(r => r.Id));
        Assert.Equal(first.Items[^1].Id, first.NextBefore);
        Assert.Null(rest.NextBefore);
        var everyones = await TestService.GetAsync<RentalPageDto>(service.Operator, "/v1/rentals?limit=4");
        Assert.Equal(new[] { bobs }.Concat(Enumerable.Reverse(alices)), everyones.Items.Select(r => r.Id));
        Assert.Equal(Enumerable.Reverse(alices).Skip(1), (await TestService.GetAsync<RentalPageDto>(service.Operator, $"/v1/rentals?userId={aliceId}&before={alices[^1]}")).Items.Select(r => r.Id));

        // Bob's rental as Alice's cursor answers as a rental that does not exist.
        var foreign = await AssertProblemAsync(await alice.GetAsync($"/v1/rentals?before={bobs}"), HttpStatusCode.BadRequest, "invalid-request");
        var unknown = await AssertProblemAsync(await alice.GetAsync("/v1/rentals?before=999999"), HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal(unknown.Detail, foreign.Detail);
        await AssertProblemAsync(await service.Operator.GetAsync($"/v1/rentals?userId={bobId}&before={alices[0]}"), HttpStatusCode.BadRequest, "invalid-request");
        Assert.Contains("limit must be 1–1000", (await AssertProblemAsync(await bob.GetAsync("/v1/rentals?limit=0"), HttpStatusCode.BadRequest, "invalid-request")).Detail);
        await AssertProblemAsync(await bob.GetAsync("/v1/rentals?limit=1001"), HttpStatusCode.BadRequest, "invalid-request");
        // A user asking for another's rentals gets their own, as before.
        Assert.Equal([bobs], (await TestService.GetAsync<RentalPageDto>(bob, $"/v1/rentals?userId={aliceId}")).Items.Select(r => r.Id));
    }
}
