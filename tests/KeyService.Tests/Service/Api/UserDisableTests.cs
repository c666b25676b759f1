using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Provisioning;
using ShareKey.KeyService.Rentals;
using ShareKey.KeyService.Secrets;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.KeyService.Users;
using static ShareKey.KeyService.Tests.Service.Keys.KeyAuthorityTests;

namespace ShareKey.KeyService.Tests.Service.Api;

/// <summary>
/// An operator disables a user (every token refused at once; their keys revoked, frozen or kept)
/// and enables them again; API tokens may carry an expiry, after which they are refused.
/// </summary>
public sealed class UserDisableTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_disabled_users_every_token_is_refused_until_an_operator_enables_them(string storage)
    {
        await using var service = await TestService.StartAsync(storage);
        var (aliceId, alice) = await service.CreateUserAsync("alice-d");
        var laptop = service.Client((await alice.PostAsync<UserApi.CreatedToken>($"/v1/users/{aliceId}/tokens", new { name = "laptop" })).Token);
        var (otherOperatorId, otherOperator) = await service.CreateUserAsync("oper-d", asOperator: true);

        // Refusals: a user disables nobody, an operator not themself, the body must say what happens to the keys.
        await AssertProblemAsync(await alice.PostAsJsonAsync($"/v1/users/{aliceId}/disable", new { keys = "keep" }), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await otherOperator.PostAsJsonAsync($"/v1/users/{otherOperatorId}/disable", new { keys = "keep" }), HttpStatusCode.Conflict, "conflict");
        await AssertProblemAsync(await service.Operator.PostAsJsonAsync($"/v1/users/{aliceId}/disable", new { }), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await service.Operator.PostAsJsonAsync($"/v1/users/{aliceId}/disable", new { keys = "burn" }), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await service.Operator.PostAsJsonAsync("/v1/users/00000000000000aa/disable", new { keys = "keep" }), HttpStatusCode.NotFound, "user-not-found");
        await AssertProblemAsync(await service.Operator.PostAsync($"/v1/users/{aliceId}/enable", null), HttpStatusCode.Conflict, "conflict");
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/v1/users/me")).StatusCode);

        var disabled = await service.Operator.PostAsync<UserDto>($"/v1/users/{aliceId}/disable", new { keys = "keep" });
        Assert.NotNull(disabled.DisabledAt);
        await AssertProblemAsync(await alice.GetAsync("/v1/users/me"), HttpStatusCode.Unauthorized, "user-disabled");
        await AssertProblemAsync(await laptop.GetAsync("/v1/keys"), HttpStatusCode.Unauthorized, "user-disabled");
        await AssertProblemAsync(await service.Operator.PostAsJsonAsync($"/v1/users/{aliceId}/disable", new { keys = "keep" }), HttpStatusCode.Conflict, "conflict");

        // Re-enabled, the tokens work again; an operator's own tokens were never touched.
        var enabled = await otherOperator.PostAsync<UserDto>($"/v1/users/{aliceId}/enable", null);
        Assert.Null(enabled.DisabledAt);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/v1/users/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/v1/users/me")).StatusCode);

        var audit = await service.Operator.GetAsync<List<AuditDto>>("/v1/audit?action=user.disable");
        Assert.Equal(1, audit.Count(e => e.Result == "ok"));
        Assert.Contains(audit, e => e.Result == "forbidden");
        Assert.Single(await service.Operator.GetAsync<List<AuditDto>>("/v1/audit?action=user.enable"), e => e.Result == "ok");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Disabling_revokes_or_freezes_the_users_keys_and_their_shares_or_keeps_them(string storage)
    {
        await using var world = await OwnedCar.StartAsync(storage, "car-d1");
        var (aliceId, alice) = await world.Service.CreateUserAsync("alice-d1");
        var (bobId, _) = await world.Service.CreateUserAsync("bob-d1");
        var (carolId, carol) = await world.Service.CreateUserAsync("carol-d1");
        var aliceKey = await world.ShareIdAsync(world.Owner, world.OwnerKey, aliceId, permissions: "unlock,share");
        var bobKey = await world.ShareIdAsync(alice, aliceKey, bobId);
        var carolKey = await world.ShareIdAsync(world.Owner, world.OwnerKey, carolId);
        var sequence = (await world.Service.Operator.GetAsync<DeviceApi.DeviceDetailsDto>($"/v1/devices/{world.Car.Id:x16}")).Device.BulletinSequence;

        await TestService.PostAsync<UserDto>(world.Service.Operator, $"/v1/users/{aliceId}/disable", new { keys = "freeze" });
        Assert.Equal(KeyState.Frozen, (await world.KeyAsync(aliceKey)).State);
        Assert.Equal(KeyState.Frozen, (await world.KeyAsync(bobKey)).State);
        Assert.Equal(KeyState.Active, (await world.KeyAsync(carolKey)).State);
        var announced = (await world.Service.Operator.GetAsync<DeviceApi.DeviceDetailsDto>($"/v1/devices/{world.Car.Id:x16}")).Device.BulletinSequence;
        Assert.True(announced > sequence, "the car gets a bulletin");

        // The operator's freeze is not the manager's to lift.
        await AssertProblemAsync(await world.Owner.PostAsync($"/v1/keys/{aliceKey}/unfreeze", null), HttpStatusCode.Forbidden, "frozen-by-higher-authority");

        // Enabled and disabled again, revoking this time: the frozen keys go for good.
        await TestService.PostAsync<UserDto>(world.Service.Operator, $"/v1/users/{aliceId}/enable", null);
        Assert.Equal(KeyState.Frozen, (await world.KeyAsync(aliceKey)).State);
        await TestService.PostAsync<UserDto>(world.Service.Operator, $"/v1/users/{aliceId}/disable", new { keys = "revoke" });
        Assert.Equal(KeyState.Revoked, (await world.KeyAsync(aliceKey)).State);
        Assert.Equal(KeyState.Revoked, (await world.KeyAsync(bobKey)).State);

        // keep: carol's key stays as it was, only her API access goes.
        await TestService.PostAsync<UserDto>(world.Service.Operator, $"/v1/users/{carolId}/disable", new { keys = "keep" });
        Assert.Equal(KeyState.Active, (await world.KeyAsync(carolKey)).State);
        await AssertProblemAsync(await carol.GetAsync($"/v1/keys/{carolKey}"), HttpStatusCode.Unauthorized, "user-disabled");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_token_works_until_its_expiry_and_is_refused_after_it_with_its_own_code(string storage)
    {
        await using var service = await TestService.StartAsync(storage);
        var (aliceId, alice) = await service.CreateUserAsync("alice-e");
        var (_, mallory) = await service.CreateUserAsync("mallory-e");

        await AssertProblemAsync(await alice.PostAsJsonAsync($"/v1/users/{aliceId}/tokens", new { name = "old", expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) }), HttpStatusCode.BadRequest, "invalid-request");
        await AssertProblemAsync(await mallory.PostAsJsonAsync($"/v1/users/{aliceId}/tokens", new { name = "x", expiresAt = DateTimeOffset.UtcNow.AddDays(1) }), HttpStatusCode.Forbidden, "forbidden");

        var until = DateTimeOffset.UtcNow.AddDays(1);
        var ci = service.Client((await alice.PostAsync<UserApi.CreatedToken>($"/v1/users/{aliceId}/tokens", new { name = "ci", expiresAt = until })).Token);
        Assert.Equal(HttpStatusCode.OK, (await ci.GetAsync("/v1/users/me")).StatusCode);
        var listed = (await alice.GetAsync<List<ApiTokenDto>>($"/v1/users/{aliceId}/tokens")).Single(t => t.Name == "ci");
        Assert.Equal(until.ToUnixTimeMilliseconds(), listed.ExpiresAt?.ToUnixTimeMilliseconds());

        // A token whose expiry has passed (written as the store keeps it: the API takes no past expiry).
        var expired = ApiTokenFormat.NewToken();
        var store = service.Services.GetRequiredService<IKeyStore>();
        await using (var session = await store.BeginAsync(CancellationToken.None))
        {
            await session.ApiTokens.InsertAsync(Convert.ToUInt64(aliceId, 16), "yesterday", ApiTokenFormat.Hash(expired), DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddSeconds(-1), CancellationToken.None);
            await session.CommitAsync(CancellationToken.None);
        }

        var problem = await AssertProblemAsync(await service.Client(expired).GetAsync("/v1/users/me"), HttpStatusCode.Unauthorized, "token-expired");
        Assert.Contains("expired", problem.Detail); // the problem details as sent
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/v1/users/me")).StatusCode);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Disabling_a_renter_with_keys_revoked_returns_their_rental_and_the_car_is_free_again(string storage)
    {
        const string Vin = "1M8GDM9A6KP042710";
        await using var service = await TestService.StartAsync(storage);
        await using var car = await Fleet.OnlineAsync(service, "fleet-d", Vin);
        await Fleet.ListForRentAsync(service, Vin);
        var (renterId, renter) = await service.CreateUserAsync("renter-d");
        var (_, next) = await service.CreateUserAsync("renter-d2");
        var rental = (await renter.PostAsync<RentalApi.StartedRental>("/v1/rentals", new { vin = Vin, endsAt = DateTimeOffset.UtcNow.AddHours(2) })).Rental;
        var (rentalId, keyId) = (rental.Id, rental.KeyId);
        await AssertProblemAsync(await next.PostAsJsonAsync("/v1/rentals", new { vin = Vin, endsAt = DateTimeOffset.UtcNow.AddHours(2) }), HttpStatusCode.Conflict, "vehicle-in-use");

        await TestService.PostAsync<UserDto>(service.Operator, $"/v1/users/{renterId}/disable", new { keys = "revoke" });

        var returned = (await service.Operator.GetAsync<RentalPageDto>($"/v1/rentals?userId={renterId}")).Items.Single(r => r.Id == rentalId);
        Assert.Equal(RentalState.Returned, returned.State);
        Assert.True(returned.RotationId is not null, returned.ToString());
        Assert.Equal(KeyState.Revoked, (await service.Operator.GetAsync<HeldKeyDto>($"/v1/keys/{keyId}")).Key.State);
        var audit = await service.Operator.GetAsync<List<AuditDto>>("/v1/audit?action=user.disable");
        Assert.Contains(audit, e => e.Result == "ok" && e.Detail.Contains("rentals-returned=1", StringComparison.Ordinal));
        var taken = await next.PostAsync<RentalApi.StartedRental>("/v1/rentals", new { vin = Vin, endsAt = DateTimeOffset.UtcNow.AddHours(2) });
        Assert.Equal(RentalState.Active, taken.Rental.State);
    }
}
