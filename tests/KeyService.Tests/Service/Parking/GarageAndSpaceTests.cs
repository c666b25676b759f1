using System.Net;
using System.Net.Http.Json;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Parking.Garages;
using ShareKey.KeyService.Parking.Spaces;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Service.Parking;

/// <summary>
/// Garages and spaces (R2): operators create them; a space binds one parking lock; its managers are
/// the holders of the lock's owner key and they (and operators) change its rules; every refusal has
/// its own code. On SQLite and PostgreSQL.
/// </summary>
public sealed class GarageAndSpaceTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Operators_create_garages_with_checked_fields(string storage)
    {
        await using var service = await TestService.StartAsync(storage);
        var (_, user) = await service.CreateUserAsync("garage-user");
        object Garage(string name, string timeZone = "Europe/Berlin", object? floors = null, string country = "DE") => new
        {
            name,
            timeZone,
            placeStreetAddress = new { countryCode = country, city = "Hamburg", postCode = "20457", addressLines = new[] { "Am Sandtorkai 1" } },
            floors = floors ?? new[] { new { level = -1, name = "Basement" }, new { level = 0, name = "Street" } },
        };

        await AssertProblemAsync(await user.PostAsJsonAsync("/v1/garages", Garage("Mine"), Json.Options), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await service.Operator.PostAsJsonAsync("/v1/garages", Garage("Bad zone", "Mars/Olympus"), Json.Options), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await service.Operator.PostAsJsonAsync("/v1/garages", Garage("Bad country", country: "de"), Json.Options), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await service.Operator.PostAsJsonAsync("/v1/garages", Garage("No floors", floors: Array.Empty<object>()), Json.Options), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await service.Operator.PostAsJsonAsync("/v1/garages", Garage("Twice", floors: new[] { new { level = 0, name = "A" }, new { level = 0, name = "B" } }), Json.Options), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await service.Operator.PostAsJsonAsync("/v1/garages", Garage("Hidden\u200Bname"), Json.Options), HttpStatusCode.BadRequest, "invalid-request");

        var created = await TestService.PostAsync<GarageDto>(service.Operator, "/v1/garages", Garage("Harbour"));
        await AssertProblemAsync(await service.Operator.PostAsJsonAsync("/v1/garages", Garage("HARBOUR"), Json.Options), HttpStatusCode.Conflict, "garage-exists");

        var id = created.Id;
        var read = await TestService.GetAsync<GarageDto>(user, $"/v1/garages/{id}");
        Assert.Equal("place", read.Type);
        Assert.Equal("Europe/Berlin", read.TimeZone);
        Assert.Equal("Am Sandtorkai 1", read.PlaceStreetAddress.AddressLines[0]);
        Assert.Equal([-1, 0], read.Floors.Select(f => f.Level));
        Assert.False(read.HasMap);
        Assert.Equal([id], (await TestService.GetAsync<GarageDto[]>(user, "/v1/garages")).Select(g => g.Id));
        await AssertProblemAsync(await user.GetAsync("/v1/garages/00000000000000aa"), HttpStatusCode.NotFound, "garage-not-found");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_space_binds_one_parking_lock_and_its_manager_holds_the_locks_owner_key(string storage)
    {
        await using var service = await TestService.StartAsync(storage);
        await using var lock1 = await Support.Parking.LockOnlineAsync(service, "lock-s1");
        await using var lock2 = await Support.Parking.LockOnlineAsync(service, "lock-s2");
        var car = await service.ProvisionAsync("car-s", "tbox");
        var (managerId, manager) = await service.CreateUserAsync("space-manager");
        var (_, stranger) = await service.CreateUserAsync("space-stranger");
        var garage = (await Support.Parking.CreateGarageAsync(service, "Spaces garage", -1, 0)).Id;

        Task<HttpResponseMessage> Create(HttpClient client, string label, string lockId, int level = 0, object? rules = null) =>
            client.PostAsJsonAsync("/v1/spaces", new { garageId = garage, spaceId = label, level, lockId, rules }, Json.Options);

        await AssertProblemAsync(await Create(stranger, "A-1", $"{lock1.Id:x16}"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await Create(service.Operator, "A-1", $"{car.DeviceId:x16}"), HttpStatusCode.Conflict, "device-wrong-kind");
        await AssertProblemAsync(await Create(service.Operator, "A-1", $"{lock1.Id:x16}", level: 3), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await Create(service.Operator, "A 1", $"{lock1.Id:x16}"), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await Create(service.Operator, "A-1", $"{lock1.Id:x16}", rules: new { noShowMinutes = 0 }), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await Create(service.Operator, "A-1", "00000000000000bb"), HttpStatusCode.NotFound, "device-not-found");

        using var created = await Create(service.Operator, "A-1", $"{lock1.Id:x16}", level: -1, rules: new { maxReservationMinutes = 120 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var space = await created.ReadAsync<SpaceDto>();
        var spaceId = space.Id;
        Assert.Equal("space", space.Type);
        Assert.Equal(120, space.Rules.MaxReservationMinutes);
        Assert.Equal(30, space.Rules.NoShowMinutes);
        Assert.Empty(space.Managers);

        await AssertProblemAsync(await Create(service.Operator, "A-2", $"{lock1.Id:x16}"), HttpStatusCode.Conflict, "lock-already-bound");
        await AssertProblemAsync(await Create(service.Operator, "A-1", $"{lock2.Id:x16}"), HttpStatusCode.Conflict, "space-label-taken");

        // No owner key yet: nobody but an operator manages it.
        await AssertProblemAsync(await manager.PutAsJsonAsync($"/v1/spaces/{spaceId}/rules", new { cancelHoldMinutes = 5 }, Json.Options), HttpStatusCode.Forbidden, "forbidden");
        await Support.Parking.MakeManagerAsync(service, lock1.Id, managerId);
        var read = await TestService.GetAsync<SpaceDto>(stranger, $"/v1/spaces/{spaceId}");
        Assert.Equal([managerId], read.Managers);

        using var changed = await manager.PutAsJsonAsync($"/v1/spaces/{spaceId}/rules", new { cancelHoldMinutes = 5 }, Json.Options);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var rules = await changed.ReadAsync<SpaceRulesDto>();
        Assert.Equal(5, rules.CancelHoldMinutes);
        Assert.Equal(120, rules.MaxReservationMinutes);
        await AssertProblemAsync(await stranger.PutAsJsonAsync($"/v1/spaces/{spaceId}/rules", new { cancelHoldMinutes = 1 }, Json.Options), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await manager.PutAsJsonAsync($"/v1/spaces/{spaceId}/rules", new { noShowMinutes = 500 }, Json.Options), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await manager.PutAsJsonAsync($"/v1/spaces/{spaceId}/rules", new { graceMinuts = 5 }, Json.Options), HttpStatusCode.BadRequest, "invalid-request");

        var listed = await TestService.GetAsync<SpaceDto[]>(stranger, $"/v1/spaces?garageId={garage}");
        Assert.Equal(["A-1"], listed.Select(s => s.SpaceId));
        Assert.Equal(5, listed[0].Rules.CancelHoldMinutes);
        await AssertProblemAsync(await stranger.GetAsync("/v1/spaces/00000000000000cc"), HttpStatusCode.NotFound, "space-not-found");
        await AssertProblemAsync(await stranger.GetAsync("/v1/spaces?garageId=00000000000000cc"), HttpStatusCode.NotFound, "garage-not-found");
    }
}
