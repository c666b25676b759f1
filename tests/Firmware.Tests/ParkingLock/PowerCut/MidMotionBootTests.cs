using ShareKey.Firmware.ParkingLock.Closing;
using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.Firmware.Tests.ParkingLock.Support;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.ParkingLock.PowerCut;

/// <summary>Power lost while the motor runs: the boot finds the barrier between its end stops and finishes the motion towards its saved target.</summary>
public sealed class MidMotionBootTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void A_lower_cut_short_is_completed_at_boot_and_the_use_stays_counted()
    {
        LockRig rig = LockRig.Provisioned(_cloud);
        Assert.True(new LockPhone(_cloud, rig, _cloud.Token(7, tweak: t => t.MaxUses = 5)).Send().Accepted);
        rig.Run(1000);

        rig.Reboot();

        Assert.Equal(BarrierPosition.Lowering, rig.Position());
        rig.RunUntil(() => rig.Position() == BarrierPosition.Lowered, BarrierModel.TravelMs);
        Assert.Equal(1, Assert.Single(rig.Controller.Status().Uses).Uses);
        Assert.Equal(AutoClosePhase.AwaitingArrival, rig.Controller.Status().AutoClose);
    }

    [Fact]
    public void A_raise_cut_short_over_an_empty_space_is_completed_once_the_sensor_has_seen_it_empty()
    {
        LockRig rig = LockRig.Provisioned(_cloud);
        rig.OpenWithPhone();
        rig.Phone().Send(CommandCode.Lock);
        rig.Run(1000);

        rig.Reboot();
        Assert.Equal(BarrierPosition.Unknown, rig.Position());
        Assert.Equal(["stop"], rig.Barrier.MotorCalls);

        rig.Controller.MqttConnected();
        rig.RunUntil(() => rig.Position() == BarrierPosition.Raised, 3000 + BarrierModel.TravelMs);
        Assert.Equal(3, Assert.Single(rig.EventsOf(EventKind.AutoRaised)).Detail);
    }

    [Fact]
    public void A_raise_cut_short_with_a_car_now_over_the_sensor_waits_for_the_car_to_leave()
    {
        LockRig rig = LockRig.Provisioned(_cloud, new() { DwellSeconds = 0, CloseDelaySeconds = 10 });
        rig.OpenWithPhone();
        rig.Phone().Send(CommandCode.Lock);
        rig.Run(1000);
        rig.Space.CarPresent = true;

        rig.Reboot();
        rig.Run(30_000);
        Assert.DoesNotContain("raise", rig.Barrier.MotorCalls);
        Assert.Equal(AutoClosePhase.Parked, rig.Controller.Status().AutoClose);

        rig.Space.CarPresent = false;
        rig.RunUntil(() => rig.Position() == BarrierPosition.Raised, 20_000);
        Assert.Equal(0, rig.RaisedOntoCar);
    }

    [Fact]
    public void A_lowered_barrier_found_at_boot_closes_by_itself_when_no_car_comes()
    {
        LockRig rig = LockRig.Provisioned(_cloud);
        rig.OpenWithPhone();

        rig.Reboot();

        Assert.Equal(AutoClosePhase.AwaitingArrival, rig.Controller.Status().AutoClose);
        rig.RunUntil(() => rig.Position() == BarrierPosition.Raised, (rig.Settings.NoArrivalSeconds * 1000) + 5000);
    }
}
