using ShareKey.EndToEnd.Tests.Support;
using ShareKey.KeyService.Cli.Commands;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Rentals;
using ShareKey.KeyService.Rotation;

namespace ShareKey.EndToEnd.Tests;

/// <summary>
/// R0 with the car online: a renter's phone opens the car (the car's unlock and lock events reach
/// the cloud and, once receipted, leave its log); the return rotates the car's key, the car
/// acknowledges it, the old renter's key stops working and the next renter's key (new epoch) works.
/// </summary>
public sealed class RotationAtReturnTests
{
    [Fact]
    public async Task The_return_rotates_the_car_key_so_only_the_next_renter_gets_in()
    {
        await using var rig = await Rig.StartAsync();
        var board = await rig.ProvisionAsync("car-return");
        var car = await rig.CarInServiceAsync(board);
        var vin = car.Bus.Vin!;
        var ana = await rig.PhoneOfAsync("ana");
        var ben = await rig.PhoneOfAsync("ben");

        await rig.OperatorJsonAsync<RentalApi.Listing>("rental", "listing", vin);
        var anaRental = (await rig.OperatorJsonAsync<RentalApi.StartedRental>("rental", "start", "--vin", vin, "--hours", "2", "--user", "ana")).Rental;
        var anaKey = anaRental.KeyId;
        Assert.Equal(0, (await ana.FetchAsync(anaKey)).ExitCode);
        var opened = await ana.UnlockAsync(anaKey, car);
        Assert.True(opened.ExitCode == 0, opened.ToString());
        Assert.Contains("ACCEPTED: unlock done; unlimited uses. The answer is signed by the device.", opened.Output);
        Assert.False(car.Relays.DoorsLocked);
        var locked = await ana.LockAsync(anaKey, car);
        Assert.True(locked.ExitCode == 0, locked.ToString());
        Assert.True(car.Relays.DoorsLocked);
        await Eventually.TrueAsync(() => car.Status().EventsQueued == 0, "the car's events receipted by the cloud (EventReceipt) and gone from its log");
        var stored = (await rig.Service.Operator.GetAsync<List<EventDto>>($"/v1/devices/{board.Id}/events")).Select(e => e.Kind).ToList();

        var returned = await rig.OperatorJsonAsync<RentalApi.ReturnedRental>("rental", "return", anaRental.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var rotationId = returned.Rotation.Id;
        var confirmed = await Eventually.GetAsync(
            async () => (await rig.RotationsAsync(board)).Single(r => r.Id == rotationId),
            rotation => rotation.State == RotationState.Confirmed,
            "the return's rotation confirmed (GET /v1/rotations)");
        await Eventually.TrueAsync(() => car.Status() is { ActiveEpoch: 2, BackupEpoch: 0 }, "the car on epoch 2, epoch 1 dropped at the Commit");

        var stale = await ana.UnlockAsync(anaKey, car);
        var doorsAfterStale = car.Relays.DoorsLocked;
        var anaFetch = await ana.FetchAsync(anaKey);
        var anaKeys = await ana.KeysAsync("--json");
        var benKey = (await rig.OperatorJsonAsync<RentalApi.StartedRental>("rental", "start", "--vin", vin, "--hours", "2", "--user", "ben")).Rental.KeyId;
        Assert.Equal(0, (await ben.FetchAsync(benKey)).ExitCode);
        var fresh = await ben.UnlockAsync(benKey, car);

        Assert.Contains("unlocked", stored);
        Assert.Contains("locked", stored);
        Assert.Equal(1u, confirmed.FromEpoch);
        Assert.Equal(2u, confirmed.ToEpoch);
        Assert.Contains(anaKey, confirmed.RevokedKeyIds);
        Assert.Equal(2, stale.ExitCode);
        Assert.Contains("REFUSED (unauthenticated): unknown-epoch", stale.Output);
        Assert.Contains("or tells you it was revoked", stale.Output);
        Assert.Equal(2, anaFetch.ExitCode);
        Assert.Contains($"key {anaKey} is revoked", anaFetch.Error);
        Assert.Equal("revoked", Assert.Single(anaKeys.Read<List<PhoneKeysCommand.Listed>>()).State);
        Assert.True(doorsAfterStale);
        Assert.True(fresh.ExitCode == 0, fresh.ToString());
        Assert.Contains($"Sent unlock with key {benKey} (epoch 2)", fresh.Output);
        Assert.Contains("ACCEPTED: unlock done", fresh.Output);
        Assert.False(car.Relays.DoorsLocked);
    }
}
