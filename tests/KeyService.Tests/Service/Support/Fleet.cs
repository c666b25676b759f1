using ShareKey.KeyService.Rentals;
using ShareKey.KeyService.Rotation;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Support;

/// <summary>Brings scripted devices into service the way a real board comes up: provision, connect, report, get epoch 1, bind its VIN.</summary>
public static class Fleet
{
    public static async Task<ScriptedDevice> OnlineAsync(TestService service, string name, string? vin = null, string imsi = "310150123456789")
    {
        var device = await ScriptedDevice.ConnectAsync(await service.ProvisionAsync(name));
        await device.SendKeyReportAsync();
        await device.WaitForAsync<CommitMessage>(commit => commit.Epoch == 1);
        await Eventually.TrueAsync(async () => (await RotationsAsync(service.Operator, device)).All(r => r.State == RotationState.Confirmed), $"{name}'s first rotation confirmed");
        if (vin is not null)
        {
            await device.SendAsync(new BindRequestMessage { Vin = vin, Imsi = imsi });
            await device.WaitForAsync<BindResultMessage>(result => result.Vin == vin);
        }

        return device;
    }

    /// <summary>Lists the car for rent, as an operator does for a fleet vehicle before anyone may rent it.</summary>
    public static Task<RentalApi.Listing> ListForRentAsync(TestService service, string vin) =>
        service.Operator.PostAsync<RentalApi.Listing>("/v1/rentals/listings", new { vin, rentable = true });

    public static Task<List<RotationDto>> RotationsAsync(HttpClient operatorClient, ScriptedDevice device) =>
        operatorClient.GetAsync<List<RotationDto>>($"/v1/rotations?deviceId={device.Id:x16}");
}
