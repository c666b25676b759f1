using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Rentals;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.KeyService.Users;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Keys;

/// <summary>R0 end to end in the cloud: a rental's key, the return that revokes it and rotates, the next renter on the new epoch.</summary>
public sealed class RentalReturnTests
{
    private const string Vin = "1M8GDM9AXKP042788";

    [Fact]
    public async Task Return_revokes_the_renters_key_announces_it_and_rotates_with_it_listed()
    {
        await using var service = await TestService.StartAsync();
        await using var car = await Fleet.OnlineAsync(service, "car-r1", Vin);
        var (_, alice) = await service.CreateUserAsync("alice-r");
        var (_, bob) = await service.CreateUserAsync("bob-r");

        await Fleet.ListForRentAsync(service, Vin);
        var rental = await TestService.PostAsync<RentalApi.StartedRental>(alice, "/v1/rentals", new { vin = Vin, endsAt = DateTimeOffset.UtcNow.AddHours(3) });
        var aliceKey = rental.Key.Key.Id;
        var busy = await service.Client(await NewTokenAsync(service, bob)).PostAsync("/v1/rentals", System.Net.Http.Json.JsonContent.Create(new { vin = Vin, endsAt = DateTimeOffset.UtcNow.AddHours(1) }));
        await AssertProblemAsync(busy, System.Net.HttpStatusCode.Conflict, "vehicle-in-use");

        var returned = await TestService.PostAsync<RentalApi.ReturnedRental>(alice, $"/v1/rentals/{rental.Rental.Id}/return", null);
        Assert.Equal(RentalState.Returned, returned.Rental.State);
        Assert.Equal(aliceKey, returned.Rotation.RevokedKeyIds[0]);

        var bulletin = await car.WaitForAsync<BulletinMessage>(b => b.Entries.Any(e => $"{e.KeyId:x16}" == aliceKey));
        Assert.Equal(KeyStanding.Revoked, bulletin.Entries.Single().Standing);
        var rotate = await car.WaitForAsync<RotateMessage>(r => r.Epoch == 2);
        Assert.Equal(aliceKey, $"{rotate.RevokedKeyIds.Single():x16}");
        await RotationWaits.ConfirmedAsync(service, returned.Rotation.Id);

        var next = await TestService.PostAsync<RentalApi.StartedRental>(bob, "/v1/rentals", new { vin = Vin, endsAt = DateTimeOffset.UtcNow.AddHours(1) });
        Assert.Equal(2u, next.Key.Key.Epoch);
        var old = await TestService.GetAsync<HeldKeyDto>(alice, $"/v1/keys/{aliceKey}");
        Assert.Equal(KeyState.Revoked, old.Key.State);
        Assert.Null(old.HolderSecret);
    }

    private static async Task<string> NewTokenAsync(TestService service, HttpClient user)
    {
        var me = await TestService.GetAsync<UserDto>(user, "/v1/users/me");
        var created = await TestService.PostAsync<UserApi.CreatedToken>(user, $"/v1/users/{me.Id}/tokens", new { name = "second" });
        return created.Token;
    }
}

internal static class RotationWaits
{
    public static Task<ShareKey.KeyService.Rotation.RotationDto> ConfirmedAsync(TestService service, long id) => Rotation.RotationAckTests.WaitForStateAsync(service, id, ShareKey.KeyService.Rotation.RotationState.Confirmed);
}
