using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Parking.Garages;
using ShareKey.KeyService.Parking.Spaces;
using ShareKey.KeyService.Rotation;

namespace ShareKey.KeyService.Tests.Service.Support;

/// <summary>Garages, spaces and parking locks brought up through the API, as an operator does.</summary>
public static class Parking
{
    public static object Address => new { countryCode = "DE", city = "Hamburg", postCode = "20457", addressLines = new[] { "Am Sandtorkai 1" } };

    public static Task<GarageDto> CreateGarageAsync(TestService service, string name, params int[] levels) =>
        service.Operator.PostAsync<GarageDto>("/v1/garages", new
        {
            name,
            timeZone = "Europe/Berlin",
            placeStreetAddress = Address,
            floors = (levels.Length == 0 ? [0] : levels).Select(level => new { level, name = $"Level {level}" }).ToArray(),
        });

    /// <summary>A parking lock that came up like a real one: provisioned, connected, its first epoch confirmed (so keys can be issued for it).</summary>
    public static async Task<ScriptedDevice> LockOnlineAsync(TestService service, string name)
    {
        var device = await ScriptedDevice.ConnectAsync(await service.ProvisionAsync(name, "parking-lock"));
        await device.SendKeyReportAsync();
        await device.WaitForAsync<ShareKey.Protocol.Messages.CommitMessage>(commit => commit.Epoch == 1);
        await Eventually.TrueAsync(async () => (await Fleet.RotationsAsync(service.Operator, device)).All(r => r.State == RotationState.Confirmed), $"{name}'s first rotation confirmed");
        return device;
    }

    public static Task<SpaceDto> CreateSpaceAsync(TestService service, string garageId, string spaceId, ulong lockId, int level = 0) =>
        service.Operator.PostAsync<SpaceDto>("/v1/spaces", new { garageId, spaceId, level, lockId = $"{lockId:x16}" });

    /// <summary>Makes <paramref name="userId"/> the space's manager the only way there is: the lock's owner key.</summary>
    public static Task<HeldKeyDto> MakeManagerAsync(TestService service, ulong lockId, string userId) =>
        service.Operator.PostAsync<HeldKeyDto>("/v1/keys", new { type = "owner", userId, deviceId = $"{lockId:x16}" });
}
