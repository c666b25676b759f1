using System.Text.Json;
using ShareKey.KeyService.Tests.Service.Support;
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
        var rental = await TestService.PostAsync<JsonElement>(alice, "/v1/rentals", new { vin = Vin, endsAt = DateTimeOffset.UtcNow.AddHours(3) });
        var aliceKey = rental.GetProperty("key").GetProperty("key").GetProperty("id").GetString()!;
        var busy = await service.Client(await NewTokenAsync(service, bob)).PostAsync("/v1/rentals", System.Net.Http.Json.JsonContent.Create(new { vin = Vin, endsAt = DateTimeOffset.UtcNow.AddHours(1) }));
        await AssertProblemAsync(busy, System.Net.HttpStatusCode.Conflict, "vehicle-in-use");

        var returned = await TestService.PostAsync<JsonElement>(alice, $"/v1/rentals/{rental.GetProperty("rental").GetProperty("id").GetInt64()}/return", null);
        Assert.Equal("returned", returned.GetProperty("rental").GetProperty("state").GetString());
        Assert.Equal(aliceKey, returned.GetProperty("rotation").GetProperty("revokedKeyIds")[0].GetString());

        var bulletin = await car.WaitForAsync<BulletinMessage>(b => b.Entries.Any(e => $"{e.KeyId:x16}" == aliceKey));
        Assert.Equal(KeyStanding.Revoked, bulletin.Entries.Single().Standing);
        var rotate = await car.WaitForAsync<RotateMessage>(r => r.Epoch == 2);
        Assert.Equal(aliceKey, $"{rotate.RevokedKeyIds.Single():x16}");
        await RotationWaits.ConfirmedAsync(service, returned.GetProperty("rotation").GetProperty("id").GetInt64());

        var next = await TestService.PostAsync<JsonElement>(bob, "/v1/rentals", new { vin = Vin, endsAt = DateTimeOffset.UtcNow.AddHours(1) });
        Assert.Equal(2u, next.GetProperty("key").GetProperty("key").GetProperty("epoch").GetUInt32());
        var old = await TestService.GetAsync<JsonElement>(alice, $"/v1/keys/{aliceKey}");
        Assert.Equal("revoked", old.GetProperty("key").GetProperty("state").GetString());
        Assert.False(old.TryGetProperty("holderSecret", out _));
    }

    private static async Task<string> NewTokenAsync(TestService service, HttpClient user)
    {
        var me = await TestService.GetAsync<JsonElement>(user, "/v1/users/me");
        var created = await TestService.PostAsync<JsonElement>(user, $"/v1/users/{me.GetProperty("id").GetString()}/tokens", new { name = "second" });
        return created.GetProperty("token").GetString()!;
    }
}

internal static class RotationWaits
{
    public static Task<ShareKey.KeyService.Rotation.RotationDto> ConfirmedAsync(TestService service, long id) => Rotation.RotationAckTests.WaitForStateAsync(service, id, ShareKey.KeyService.Rotation.RotationState.Confirmed);
}
