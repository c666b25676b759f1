using ShareKey.EndToEnd.Tests.Support;
using ShareKey.KeyService.Rentals;
using ShareKey.KeyService.Rotation;

namespace ShareKey.EndToEnd.Tests;

/// <summary>
/// R0.2–R0.4 with the car away: the return's rotation goes unacknowledged and is given up, the next
/// renter is served from the backup key and gets in with no network at the car, and once the car is
/// back online the rotation is driven again and confirmed.
/// </summary>
public sealed class OfflineRotationTests
{
    [Fact]
    public async Task A_rotation_the_car_missed_serves_the_backup_key_and_is_confirmed_when_it_returns()
    {
        // Short retries so the service gives up within the test; the timed re-drive is far off, so
        // only the car's own return can drive the rotation again.
        await using var rig = await Rig.StartAsync(rotation =>
        {
            rotation.AckTimeout = TimeSpan.FromMilliseconds(300);
            rotation.MaxAttempts = 3;
        });
        var board = await rig.ProvisionAsync("car-away");

        // Power the board on only once its first Rotate has been given up; its first report then
        // re-drives it. Not earlier: a report that lands while the last send still awaits its ack
        // makes the service abandon that send instead of sending it again (a service fault, not
        // this test's subject), and the car would wait RedriveAfter for its first key.
        await Eventually.GetAsync(
            () => rig.RotationsAsync(board),
            rotations => rotations.Any(r => r.State == RotationState.GaveUp),
            "the first Rotate given up before the board is powered on");
        var car = await rig.CarInServiceAsync(board);
        var vin = car.Bus.Vin!;
        var ana = await rig.PhoneOfAsync("ana");
        var ben = await rig.PhoneOfAsync("ben");
        await rig.OperatorJsonAsync<RentalApi.Listing>("rental", "listing", vin);
        var anaRental = (await rig.OperatorJsonAsync<RentalApi.StartedRental>("rental", "start", "--vin", vin, "--hours", "2", "--user", "ana")).Rental;
        var anaKey = anaRental.KeyId;
        Assert.Equal(0, (await ana.FetchAsync(anaKey)).ExitCode);
        Assert.Equal(0, (await ana.UnlockAsync(anaKey, car)).ExitCode);
        Assert.Equal(0, (await ana.LockAsync(anaKey, car)).ExitCode);
        await rig.PowerOffAsync(car);

        var returned = await rig.OperatorJsonAsync<RentalApi.ReturnedRental>("rental", "return", anaRental.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var rotationId = returned.Rotation.Id;
        var gaveUp = await Eventually.GetAsync(
            () => RotationAsync(rig, board, rotationId),
            rotation => rotation.State == RotationState.GaveUp,
            "the unacknowledged rotation given up");
        var benStarted = await rig.OperatorJsonAsync<RentalApi.StartedRental>("rental", "start", "--vin", vin, "--hours", "2", "--user", "ben");
        var benKey = benStarted.Rental.KeyId;
        var fetched = await ben.FetchAsync(benKey);

        var underground = await rig.PowerOnAsync(board, online: false);
        var offlineEpochs = (underground.Status().ActiveEpoch, underground.Status().BackupEpoch);
        var benIn = await ben.UnlockAsync(benKey, underground);
        var doorsAfterBen = underground.Relays.DoorsLocked;
        var anaAgain = await ana.UnlockAsync(anaKey, underground);
        var reachedBroker = underground.Online.IsCompleted;
        await rig.PowerOffAsync(underground);

        var back = await rig.PowerOnAsync(board);
        var confirmed = await Eventually.GetAsync(
            () => RotationAsync(rig, board, rotationId),
            rotation => rotation.State == RotationState.Confirmed,
            "the missed rotation confirmed once the car is back");
        await Eventually.TrueAsync(() => back.Status() is { ActiveEpoch: 2, BackupEpoch: 0 }, "the car on epoch 2 after the Commit");
        Assert.Equal(0, (await ben.FetchAsync(benKey)).ExitCode);
        var benOnNewKey = await ben.UnlockAsync(benKey, back);

        Assert.Contains("serving epoch 1 from the backup", gaveUp.LastError);
        Assert.Equal(1u, benStarted.Key.Key.Epoch);
        Assert.Contains("the device's newest bulletin", fetched.Output);
        Assert.Equal((1u, 0u), offlineEpochs);
        Assert.True(benIn.ExitCode == 0, benIn.ToString());
        Assert.Contains($"Sent unlock with key {benKey} (epoch 1) carrying bulletin #", benIn.Output);
        Assert.False(doorsAfterBen);
        Assert.Equal(2, anaAgain.ExitCode);
        Assert.Contains("REFUSED: revoked. The answer is signed by the device.", anaAgain.Output);
        Assert.False(reachedBroker);
        Assert.True(confirmed.Redrives >= 1, confirmed.ToString());
        Assert.True(benOnNewKey.ExitCode == 0, benOnNewKey.ToString());
        Assert.Contains($"Sent unlock with key {benKey} (epoch 2)", benOnNewKey.Output);
    }

    private static async Task<RotationDto> RotationAsync(Rig rig, Board board, long rotationId) =>
        (await rig.RotationsAsync(board)).Single(rotation => rotation.Id == rotationId);
}
