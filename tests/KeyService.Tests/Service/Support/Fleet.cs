using System.Text.Json;
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
        await EventuallyAsync(async () => (await RotationsAsync(service.Operator, device)).All(r => r.GetProperty("state").GetString() == "confirmed"));
        if (vin is not null)
        {
            await device.SendAsync(new BindRequestMessage { Vin = vin, Imsi = imsi });
            await device.WaitForAsync<BindResultMessage>(result => result.Vin == vin);
        }

        return device;
    }

    /// <summary>Lists the car for rent, as an operator does for a fleet vehicle before anyone may rent it.</summary>
    public static Task ListForRentAsync(TestService service, string vin) =>
        TestService.PostAsync<JsonElement>(service.Operator, "/v1/rentals/listings", new { vin, rentable = true });

    public static async Task<List<JsonElement>> RotationsAsync(HttpClient operatorClient, ScriptedDevice device) =>
        (await TestService.GetAsync<JsonElement>(operatorClient, $"/v1/rotations?deviceId={device.Id:x16}")).EnumerateArray().ToList();

    /// <summary>Polls <paramref name="condition"/> until it holds or the deadline passes: the service works in the background.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"still not true after {timeout ?? TimeSpan.FromSeconds(20)}: {what ?? "condition"}");
            }

            await Task.Delay(20);
        }
    }
}
