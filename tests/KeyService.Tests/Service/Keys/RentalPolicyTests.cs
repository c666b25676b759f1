using System.Net;
using System.Net.Http.Json;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Rentals;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Service.Keys;

/// <summary>
/// Rentals follow a policy: only vehicles an operator listed (never privately owned ones), sane
/// periods within the longest length and the booking horizon, one active rental per user by
/// default, renter keys ending at the rental's end plus a short grace. On SQLite and PostgreSQL.
/// </summary>
public sealed class RentalPolicyTests
{
    private const string Fleet1 = "1M8GDM9A6KP042710";
    private const string Fleet2 = "1M8GDM9A8KP042711";
    private const string Private = "1M8GDM9AXKP042712";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Only_listed_vehicles_are_rented_within_the_policy(string storage)
    {
        await using var service = await TestService.StartAsync(storage);
        await using var car1 = await Fleet.OnlineAsync(service, "fleet-1", Fleet1, "310150123456781");
        await using var car2 = await Fleet.OnlineAsync(service, "fleet-2", Fleet2, "310150123456782");
        await using var car3 = await Fleet.OnlineAsync(service, "private-3", Private, "310150123456783");
        var (ownerId, _) = await service.CreateUserAsync("private-owner");
        var (_, renter) = await service.CreateUserAsync("renter-p");
        await TestService.PostAsync<HeldKeyDto>(service.Operator, "/v1/keys", new { type = "owner", userId = ownerId, vin = Private });
        var now = DateTimeOffset.UtcNow;

        Task<HttpResponseMessage> Rent(string vin, DateTimeOffset endsAt, DateTimeOffset? startsAt = null) =>
            renter.PostAsJsonAsync("/v1/rentals", new { vin, startsAt, endsAt }, ShareKey.KeyService.Api.Json.Options);

        await AssertProblemAsync(await Rent(Fleet1, now.AddHours(2)), HttpStatusCode.Conflict, "vehicle-not-rentable");
        await AssertProblemAsync(await renter.PostAsJsonAsync("/v1/rentals/listings", new { vin = Fleet1, rentable = true }), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await service.Operator.PostAsJsonAsync("/v1/rentals/listings", new { vin = Private, rentable = true }), HttpStatusCode.Conflict, "vehicle-privately-owned");
        await AssertProblemAsync(await Rent(Private, now.AddHours(2)), HttpStatusCode.Conflict, "vehicle-not-rentable");
        await Fleet.ListForRentAsync(service, Fleet1);
        await Fleet.ListForRentAsync(service, Fleet2);

        // The attack: 1971 to 2106.
        await AssertProblemAsync(await Rent(Fleet1, DateTimeOffset.FromUnixTimeSeconds(uint.MaxValue), DateTimeOffset.FromUnixTimeSeconds(1)), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await Rent(Fleet1, DateTimeOffset.FromUnixTimeSeconds(uint.MaxValue)), HttpStatusCode.Conflict, "rental-too-long");
        await AssertProblemAsync(await Rent(Fleet1, now.AddDays(8)), HttpStatusCode.Conflict, "rental-too-long");
        await AssertProblemAsync(await Rent(Fleet1, now.AddDays(41), now.AddDays(40)), HttpStatusCode.Conflict, "rental-beyond-horizon");
        await AssertProblemAsync(await Rent(Fleet1, now.AddHours(-1)), HttpStatusCode.BadRequest, "invalid-request");

        using var started = await Rent(Fleet1, now.AddHours(2));
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var rental = await started.ReadAsync<RentalApi.StartedRental>();
        Assert.Equal(rental.Rental.EndsAt.AddMinutes(15).ToUnixTimeSeconds(), rental.Key.Key.NotAfter.ToUnixTimeSeconds());
        await AssertProblemAsync(await Rent(Fleet2, now.AddHours(2)), HttpStatusCode.Conflict, "rental-limit-reached");

        // Off the list: nobody starts a new rental of it.
        await service.Operator.PostAsJsonAsync("/v1/rentals/listings", new { vin = Fleet2, rentable = false });
        await TestService.PostAsync<RentalApi.ReturnedRental>(renter, $"/v1/rentals/{rental.Rental.Id}/return", null);
        await AssertProblemAsync(await Rent(Fleet2, now.AddHours(2)), HttpStatusCode.Conflict, "vehicle-not-rentable");
    }

    [Fact]
    public async Task An_operator_may_allow_more_rentals_per_user()
    {
        await using var service = await TestService.StartAsync(configure: options => options.Rentals.MaxActivePerUser = 2);
        await using var car1 = await Fleet.OnlineAsync(service, "fleet-4", Fleet1, "310150123456784");
        await using var car2 = await Fleet.OnlineAsync(service, "fleet-5", Fleet2, "310150123456785");
        var (_, renter) = await service.CreateUserAsync("renter-q");
        await Fleet.ListForRentAsync(service, Fleet1);
        await Fleet.ListForRentAsync(service, Fleet2);

        await TestService.PostAsync<RentalApi.StartedRental>(renter, "/v1/rentals", new { vin = Fleet1, endsAt = DateTimeOffset.UtcNow.AddHours(1) });
        await TestService.PostAsync<RentalApi.StartedRental>(renter, "/v1/rentals", new { vin = Fleet2, endsAt = DateTimeOffset.UtcNow.AddHours(1) });

        Assert.Equal(2, (await TestService.GetAsync<RentalPageDto>(renter, "/v1/rentals?state=active")).Items.Count);
    }
}
