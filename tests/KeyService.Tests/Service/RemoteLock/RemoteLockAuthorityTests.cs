using System.Net;
using System.Net.Http.Json;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.RemoteLock;
using ShareKey.KeyService.Rentals;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Service.RemoteLock;

/// <summary>
/// R3.3: nobody but a car's owner (the holder of its live owner key) or an operator locks or
/// releases it, sees its remote-lock status or sets its threshold — not a renter, not a holder of a
/// share, not the owner of another car, not another user of the fleet. Refusals are audited; on SQLite and PostgreSQL.
/// </summary>
public sealed class RemoteLockAuthorityTests
{
    private const string OwnedVin = "1M8GDM9AXKP042788";
    private const string OtherVin = "1M8GDM9AXKP042712";
    private const string FleetVin = "1M8GDM9A6KP042710";
    private const string OtherFleetVin = "1M8GDM9A8KP042711";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Only_the_owner_and_operators_act_on_a_private_car(string storage)
    {
        await using var service = await TestService.StartAsync(storage);
        await using var car = await Fleet.OnlineAsync(service, "owned-car", OwnedVin, "310150123456781");
        await using var other = await Fleet.OnlineAsync(service, "other-car", OtherVin, "310150123456782");
        var (ownerId, owner) = await service.CreateUserAsync("owner");
        var (otherOwnerId, otherOwner) = await service.CreateUserAsync("other-owner");
        var (friendId, friend) = await service.CreateUserAsync("friend");
        var ownerKey = await IssueOwnerKeyAsync(service, ownerId, OwnedVin);
        await IssueOwnerKeyAsync(service, otherOwnerId, OtherVin);
        using (var shared = await owner.PostAsJsonAsync($"/v1/keys/{ownerKey}/shares", new { userId = friendId, mode = "co-use" }, ShareKey.KeyService.Api.Json.Options))
        {
            Assert.Equal(HttpStatusCode.Created, shared.StatusCode);
        }

        foreach (var stranger in new[] { friend, otherOwner })
        {
            await AssertRefusedAsync(stranger, OwnedVin);
        }

        Assert.Equal("sent", (await TestService.PostAsync<RemoteLockApi.RemoteLockRequestDto>(owner, $"/v1/vehicles/{OwnedVin}/remote-lock", new { })).State);
        Assert.Equal("sent", (await TestService.PostAsync<RemoteLockApi.RemoteLockRequestDto>(service.Operator, $"/v1/vehicles/{OwnedVin}/remote-release", null)).State);
        Assert.Equal(2, (await TestService.GetAsync<RemoteLockApi.RemoteLockStatusDto>(owner, $"/v1/vehicles/{OwnedVin}/remote-lock")).Requests.Count);
        await AssertRefusedAsync(owner, OtherVin);
        var refusals = await TestService.GetAsync<AuditDto[]>(service.Operator, "/v1/audit?action=vehicle.remote-lock");
        Assert.Contains(refusals, e => e.Result == "forbidden" && e.Actor == $"user:{friendId}");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_renter_and_other_users_of_the_fleet_are_refused_and_an_operator_is_not(string storage)
    {
        await using var service = await TestService.StartAsync(storage);
        await using var car = await Fleet.OnlineAsync(service, "fleet-car", FleetVin, "310150123456783");
        await using var other = await Fleet.OnlineAsync(service, "fleet-car-2", OtherFleetVin, "310150123456784");
        await Fleet.ListForRentAsync(service, FleetVin);
        await Fleet.ListForRentAsync(service, OtherFleetVin);
        var (_, renter) = await service.CreateUserAsync("renter");
        var (_, fleetUser) = await service.CreateUserAsync("fleet-user");
        await TestService.PostAsync<RentalApi.StartedRental>(renter, "/v1/rentals", new { vin = FleetVin, endsAt = DateTimeOffset.UtcNow.AddHours(1) });
        await TestService.PostAsync<RentalApi.StartedRental>(fleetUser, "/v1/rentals", new { vin = OtherFleetVin, endsAt = DateTimeOffset.UtcNow.AddHours(1) });

        await AssertRefusedAsync(renter, FleetVin);
        await AssertRefusedAsync(fleetUser, FleetVin);

        var locked = await TestService.PostAsync<RemoteLockApi.RemoteLockRequestDto>(service.Operator, $"/v1/vehicles/{FleetVin}/remote-lock", new { });
        Assert.Equal("lock", locked.Action);
    }

    [Fact]
    public async Task An_unbound_vin_is_answered_not_bound()
    {
        await using var service = await TestService.StartAsync();

        await AssertProblemAsync(await service.Operator.PostAsJsonAsync($"/v1/vehicles/{OwnedVin}/remote-lock", new { }), HttpStatusCode.Conflict, "vehicle-not-bound");
    }

    internal static async Task<string> IssueOwnerKeyAsync(TestService service, string userId, string vin) =>
        (await TestService.PostAsync<HeldKeyDto>(service.Operator, "/v1/keys", new { type = "owner", userId, vin })).Key.Id;

    private static async Task AssertRefusedAsync(HttpClient who, string vin)
    {
        await AssertProblemAsync(await who.PostAsJsonAsync($"/v1/vehicles/{vin}/remote-lock", new { }), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await who.PostAsync($"/v1/vehicles/{vin}/remote-release", null), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await who.GetAsync($"/v1/vehicles/{vin}/remote-lock"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await who.PutAsJsonAsync($"/v1/vehicles/{vin}/charge-threshold", new { percent = 20 }), HttpStatusCode.Forbidden, "forbidden");
    }
}
