using ShareKey.EndToEnd.Tests.Support;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Cli.Commands;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.RemoteLock;
using ShareKey.Protocol.Messages;

namespace ShareKey.EndToEnd.Tests;

/// <summary>
/// R3 end to end — the real service and broker, a simulated car running the real T-BOX logic, the
/// owner and a borrower on the `sharekey` CLI: the car charges, unplugs and drives off, its charge
/// falls below the owner's threshold, the owner is prompted and answers with a lock; the moving car
/// arms it and engages immobiliser and charge-inlet lock once it stops with the ignition off; the
/// borrower's start over BLE is refused; the owner releases and the start works; a lock sent while
/// the car is powered off reaches it when it is back. (The borrower holds a share of the owner's key:
/// the rental policy lists only fleet cars, which have no owner, so an owned car has no renter.)
/// </summary>
public sealed class RemoteLockTests
{
    [Fact]
    public async Task The_owner_prompted_at_low_charge_locks_the_moving_car_which_engages_once_parked_refuses_a_start_and_is_released()
    {
        await using var rig = await Rig.StartAsync(notifications: options => options.PollInterval = TimeSpan.FromMilliseconds(50));
        var board = await rig.ProvisionAsync("car-r3");
        var car = await rig.CarInServiceAsync(board);
        var vin = car.Bus.Vin!;
        var owner = await rig.PhoneOfAsync("olga");
        var borrower = await rig.PhoneOfAsync("ben");
        var ownerKey = (await rig.OperatorJsonAsync<HeldKeyDto>("key", "issue", "--type", "owner", "--user", owner.UserName, "--vin", vin)).Key.Id;
        var lent = (await owner.AsUserJsonAsync<KeyDto>("key", "share", ownerKey, "--user", borrower.UserName)).Id;
        Assert.Equal(0, (await borrower.FetchAsync(lent)).ExitCode);
        Assert.Equal(0, (await owner.AsUserAsync("vehicle", "charge-threshold", vin, "20")).ExitCode);

        // At the charger, then off on a drive: the charge falls below 20 %.
        car.Bus.Cable = ChargingCable.Charging;
        car.Bus.StateOfCharge = 31;
        await StatusAsync(owner, vin, s => s.Vehicle is { Cable: "charging", StateOfCharge: 31 }, "charging at 31 %");
        car.Bus.Cable = ChargingCable.Unplugged;
        car.Bus.IgnitionOn = true;
        car.Bus.SpeedKmh = 60;
        car.Bus.StateOfCharge = 18;
        var prompted = await Eventually.GetAsync(
            async () => (await owner.AsUserJsonAsync<NotificationPageDto>("notifications", "list")).Items.FirstOrDefault(n => n.Type == NotificationType.StateOfCharge),
            n => n is not null,
            "the owner prompted at 18 %");
        // The prompt's data differs by notification type: the DTO carries it as JSON.
        var data = prompted!.Data;
        Assert.Equal("18", data.GetProperty("percent").GetString());
        var prompt = data.GetProperty("prompt").GetString()!;
        Assert.Equal($"sharekey vehicle remote-lock {vin} --prompt {prompt}", data.GetProperty("action").GetProperty("command").GetString());
        Assert.DoesNotContain((await borrower.AsUserJsonAsync<NotificationPageDto>("notifications", "list")).Items, n => n.Type == NotificationType.StateOfCharge);
        Assert.Equal(1, (await borrower.AsUserAsync("vehicle", "remote-lock", vin)).ExitCode);

        var answered = await owner.AsUserAsync("vehicle", "remote-lock", vin, "--prompt", prompt);
        Assert.True(answered.ExitCode == 0, answered.ToString());

        // Moving: armed, nothing engaged yet.
        await StatusAsync(owner, vin, s => State(s) == "armed", "the lock armed while the car moves");
        Assert.Equal(RemoteLockState.Armed, car.Status().RemoteLock);
        Assert.NotEqual(true, car.Relays.ImmobiliserEngaged);
        car.Bus.SpeedKmh = 0;
        car.Bus.IgnitionOn = false;
        await car.Relays.WaitForAsync(r => r.ImmobiliserEngaged == true && r.ChargeInletLocked == true).WaitAsync(Eventually.DefaultTimeout);
        var engaged = await StatusAsync(owner, vin, s => State(s) == "engaged" && s.Vehicle?.RemoteLock == "engaged", "the lock engaged and reported");
        Assert.True(engaged.Vehicle!.Immobiliser);
        Assert.True(engaged.Vehicle.ChargeInletLocked);

        var refused = await borrower.StartAsync(lent, car, "--json");
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal("remote-locked", ApiJson.Parse<PhoneActuation.Outcome>(refused.Output).Status);
        Assert.True(car.Relays.ImmobiliserEngaged);

        Assert.Equal(0, (await owner.AsUserAsync("vehicle", "release", vin)).ExitCode);
        await StatusAsync(owner, vin, s => State(s) == "released", "the release carried out");
        Assert.False(car.Relays.ChargeInletLocked);
        var started = await borrower.StartAsync(lent, car);
        Assert.True(started.ExitCode == 0, started.ToString());
        Assert.False(car.Relays.ImmobiliserEngaged);

        // The notifications are derived in the background: the last outcome may still be on its way.
        var told = await Eventually.GetAsync(
            async () => (await owner.AsUserJsonAsync<NotificationPageDto>("notifications", "list", "--limit", "100")).Items
                .Where(n => n.Type == NotificationType.RemoteLockOutcome).Select(n => n.Data.GetProperty("status").GetString()).ToList(),
            statuses => statuses.Contains("engaged"),
            "the owner told the lock engaged");
        Assert.Contains("requested", told);
        Assert.Contains("armed", told);
        Assert.Contains("engaged", told);
        Assert.Equal(3, (await rig.OperatorJsonAsync<List<AuditDto>>("audit", "list", "--action", "vehicle.remote-lock.outcome")).Count);
    }

    [Fact]
    public async Task A_lock_sent_while_the_car_is_off_reaches_it_when_it_is_back_and_survives_a_reboot()
    {
        await using var rig = await Rig.StartAsync();
        var board = await rig.ProvisionAsync("car-away");
        var car = await rig.CarInServiceAsync(board);
        var vin = car.Bus.Vin!;
        var owner = await rig.PhoneOfAsync("otto");
        await rig.OperatorJsonAsync<HeldKeyDto>("key", "issue", "--type", "owner", "--user", owner.UserName, "--vin", vin);
        await rig.PowerOffAsync(car);

        var sent = await owner.AsUserAsync("vehicle", "remote-lock", vin);
        Assert.True(sent.ExitCode == 0, sent.ToString());
        Assert.Equal("sent", State(await owner.AsUserJsonAsync<RemoteLockApi.RemoteLockStatusDto>("vehicle", "status", vin)));

        var back = await rig.PowerOnAsync(board);
        await back.Relays.WaitForAsync(r => r.ImmobiliserEngaged == true && r.ChargeInletLocked == true).WaitAsync(Eventually.DefaultTimeout);
        await StatusAsync(owner, vin, s => State(s) == "engaged", "the lock engaged once the car was back");

        await rig.PowerOffAsync(back);
        var rebooted = await rig.PowerOnAsync(board);
        Assert.True(rebooted.Relays.ImmobiliserEngaged);
        Assert.Equal(RemoteLockState.Engaged, rebooted.Status().RemoteLock);
    }

    private static string? State(RemoteLockApi.RemoteLockStatusDto status) => status.Requests.Count == 0 ? null : status.Requests[0].State;

    private static Task<RemoteLockApi.RemoteLockStatusDto> StatusAsync(UserPhone owner, string vin, Func<RemoteLockApi.RemoteLockStatusDto, bool> holds, string what) =>
        Eventually.GetAsync(() => owner.AsUserJsonAsync<RemoteLockApi.RemoteLockStatusDto>("vehicle", "status", vin), holds, what);
}
