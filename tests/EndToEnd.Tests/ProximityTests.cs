using ShareKey.EndToEnd.Tests.Support;
using ShareKey.KeyService.Keys;

namespace ShareKey.EndToEnd.Tests;

/// <summary>The car's proximity gate: a phone heard below the board file's RSSI threshold is refused too-far; at the threshold it gets in.</summary>
public sealed class ProximityTests
{
    [Fact]
    public async Task A_phone_heard_below_the_threshold_is_refused_too_far()
    {
        await using var rig = await Rig.StartAsync();
        var board = await rig.ProvisionAsync("car-proximity");
        var car = await rig.CarInServiceAsync(board);
        var eve = await rig.PhoneOfAsync("eve");
        var key = (await rig.OperatorJsonAsync<HeldKeyDto>("key", "issue", "--type", "owner", "--user", "eve", "--vin", car.Bus.Vin!)).Key.Id;
        Assert.Equal(0, (await eve.FetchAsync(key)).ExitCode);
        var threshold = board.Config.RssiThreshold;
        string[] justOutOfReach = ["--rssi", (threshold - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)];
        string[] atReach = ["--rssi", threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        Assert.Equal(0, (await eve.LockAsync(key, car, atReach)).ExitCode);

        var far = await eve.UnlockAsync(key, car, justOutOfReach);
        var doorsAfterFar = car.Relays.DoorsLocked;
        var near = await eve.UnlockAsync(key, car, atReach);

        Assert.Equal(2, far.ExitCode);
        Assert.Contains("REFUSED (unauthenticated): too-far. The device refused before it checked this key, so its answer is unsigned: advisory only", far.Output);
        Assert.Contains("What to do: move closer and retry", far.Output);
        Assert.True(doorsAfterFar);
        Assert.True(near.ExitCode == 0, near.ToString());
        Assert.False(car.Relays.DoorsLocked);
    }
}
