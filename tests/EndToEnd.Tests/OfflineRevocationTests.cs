using ShareKey.EndToEnd.Tests.Support;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Provisioning;

namespace ShareKey.EndToEnd.Tests;

/// <summary>
/// R1.5 with no network at the car: a key revoked while the car is offline is refused there once
/// any other holder's phone has carried the newest bulletin to it — the car itself never hears
/// from the service.
/// </summary>
public sealed class OfflineRevocationTests
{
    [Fact]
    public async Task A_phone_carries_the_revocation_to_an_offline_car()
    {
        await using var rig = await Rig.StartAsync();
        var board = await rig.ProvisionAsync("car-garage");
        var car = await rig.CarInServiceAsync(board);
        var vin = car.Bus.Vin!;
        var cleo = await rig.PhoneOfAsync("cleo");
        var dan = await rig.PhoneOfAsync("dan");
        var cleoKey = await IssueOwnerKeyAsync(rig, cleo, vin);
        var danKey = await IssueOwnerKeyAsync(rig, dan, vin);
        Assert.Equal(0, (await cleo.FetchAsync(cleoKey)).ExitCode);
        Assert.Equal(0, (await cleo.UnlockAsync(cleoKey, car)).ExitCode);
        await rig.PowerOffAsync(car);
        var underground = await rig.PowerOnAsync(board, online: false);

        var revoked = await rig.OperatorAsync("key", "revoke", cleoKey);
        var sequence = (await rig.Service.Operator.GetAsync<DeviceApi.DeviceDetailsDto>($"/v1/devices/{board.Id}")).Device.BulletinSequence;
        var beforeAnyCarrier = await cleo.UnlockAsync(cleoKey, underground);
        var danFetched = await dan.FetchAsync(danKey);
        var danIn = await dan.UnlockAsync(danKey, underground);
        var cleoAfter = await cleo.UnlockAsync(cleoKey, underground);

        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        // The car cannot know yet: it is offline and no phone has brought the bulletin.
        Assert.Equal(0, beforeAnyCarrier.ExitCode);
        Assert.Contains("the device's newest bulletin", danFetched.Output);
        Assert.True(danIn.ExitCode == 0, danIn.ToString());
        Assert.Contains($"carrying bulletin #{sequence}", danIn.Output);
        Assert.Equal(sequence, underground.Status().BulletinSequence);
        Assert.Equal(2, cleoAfter.ExitCode);
        Assert.Contains("REFUSED: revoked. The answer is signed by the device.", cleoAfter.Output);
        Assert.Contains("What to do: the key is revoked: ask the owner or operator", cleoAfter.Output);
        Assert.False(underground.Online.IsCompleted);
        Assert.False(underground.Status().Online);
    }

    private static async Task<string> IssueOwnerKeyAsync(Rig rig, UserPhone phone, string vin) =>
        (await rig.OperatorJsonAsync<HeldKeyDto>("key", "issue", "--type", "owner", "--user", phone.UserName, "--vin", vin)).Key.Id;
}
