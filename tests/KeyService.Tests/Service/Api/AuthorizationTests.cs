using System.Net;
using System.Net.Http.Json;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Rentals;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Service.Api;

/// <summary>Every call is authenticated; users act only on their own keys; refusals are problem details with a stable code, and are audited.</summary>
public sealed class AuthorizationTests
{
    [Fact]
    public async Task Calls_without_a_valid_token_are_refused_with_problem_details()
    {
        await using var service = await TestService.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = new Uri(service.Url) };

        await AssertProblemAsync(await anonymous.GetAsync("/v1/devices"), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await service.Client("skt_" + new string('A', 43)).GetAsync("/v1/devices"), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await service.Client("not-a-token").GetAsync("/v1/keys"), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task A_user_cannot_see_or_touch_another_users_key_nor_operate_devices()
    {
        await using var service = await TestService.StartAsync();
        await using var car = await Fleet.OnlineAsync(service, "car-a1", "1M8GDM9AXKP042788");
        var (aliceId, alice) = await service.CreateUserAsync("alice");
        var (_, mallory) = await service.CreateUserAsync("mallory");
        await Fleet.ListForRentAsync(service, "1M8GDM9AXKP042788");
        var rental = await TestService.PostAsync<RentalApi.StartedRental>(alice, "/v1/rentals", new { vin = "1M8GDM9AXKP042788", endsAt = DateTimeOffset.UtcNow.AddHours(1) });
        var keyId = rental.Key.Key.Id;

        await AssertProblemAsync(await mallory.GetAsync($"/v1/keys/{keyId}"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await mallory.PostAsync($"/v1/keys/{keyId}/revoke", null), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await mallory.PostAsync($"/v1/rentals/{rental.Rental.Id}/return", null), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await mallory.PostAsJsonAsync("/v1/devices", new { kind = "tbox", name = "evil" }), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await mallory.PostAsJsonAsync("/v1/keys", new { type = "owner", userId = aliceId, vin = "1M8GDM9AXKP042788" }), HttpStatusCode.Forbidden, "forbidden");
        Assert.Empty(await TestService.KeysAsync(mallory));

        var own = await TestService.GetAsync<HeldKeyDto>(alice, $"/v1/keys/{keyId}");
        Assert.Equal(KeyState.Active, own.Key.State);
        Assert.Equal(64, own.HolderSecret?.Length);

        var refusals = await TestService.GetAsync<AuditDto[]>(service.Operator, $"/v1/audit?target=key:{keyId}");
        Assert.Contains(refusals, e => e.Action == "key.revoke" && e.Result == "forbidden");
    }

    [Fact]
    public async Task Bad_input_gets_a_problem_and_writes_nothing()
    {
        await using var service = await TestService.StartAsync();
        var devicesBefore = (await TestService.GetAsync<DevicePageDto>(service.Operator, "/v1/devices")).Items.Count;

        await AssertProblemAsync(await service.Operator.PostAsync("/v1/devices", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await service.Operator.PostAsJsonAsync("/v1/devices", new { kind = "toaster", name = "x" }), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await service.Operator.PostAsJsonAsync("/v1/devices", new { kind = "tbox", name = new string('x', 25) }), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await service.Operator.PostAsJsonAsync("/v1/keys", new { type = "renter", vin = "1M8GDM9AXKP042789" }), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await service.Operator.PostAsJsonAsync("/v1/keys", new { type = "renter", vin = "1M8GDM9AXKP042788" }), HttpStatusCode.Conflict, "vehicle-not-bound");
        await AssertProblemAsync(await service.Operator.GetAsync("/v1/devices/zz"), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await service.Operator.GetAsync("/v1/devices/0000000000000001"), HttpStatusCode.NotFound, "device-not-found");

        Assert.Equal(devicesBefore, (await TestService.GetAsync<DevicePageDto>(service.Operator, "/v1/devices")).Items.Count);
        Assert.Empty(await TestService.KeysAsync(service.Operator));
    }

    [Fact]
    public async Task Keys_are_not_issued_for_a_device_that_has_not_confirmed_an_epoch()
    {
        await using var service = await TestService.StartAsync();
        var board = await service.ProvisionAsync("lock-1", "parking-lock");
        var (userId, _) = await service.CreateUserAsync("parker");

        await AssertProblemAsync(await service.Operator.PostAsJsonAsync("/v1/keys", new { type = "renter", userId, deviceId = board.Id }), HttpStatusCode.Conflict, "device-not-ready");
    }
}
