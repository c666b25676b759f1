using ShareKey.Firmware.ParkingLock.Closing;
using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.Firmware.Tests.ParkingLock.Support;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.ParkingLock.Safety;

/// <summary>Motor faults leave the motor off and nothing moving by itself; a forced barrier is tampered; switch bounce is not.</summary>
public sealed class MotorAndTamperTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void A_lower_that_never_reaches_its_end_stop_is_a_motor_fault_with_the_motor_off()
    {
        LockRig rig = LockRig.Provisioned(_cloud);
        rig.Barrier.Stuck = true;

        Assert.True(rig.Phone().Send().Accepted);
        rig.Run(rig.Settings.MotionTimeoutMs + 200);

        Assert.Equal("stop", rig.Barrier.Motor);
        Assert.True(rig.Controller.Status().MotorFault);
        Assert.Equal(BarrierPosition.Raised, rig.Position()); // what the end stop says: the arm never moved
        Assert.Equal(1, Assert.Single(rig.EventsOf(EventKind.MotorFault)).Detail);
        Assert.Equal(AutoClosePhase.Off, rig.Controller.Status().AutoClose);

        rig.Barrier.MotorCalls.Clear();
        rig.Run(rig.Settings.NoArrivalSeconds * 1000 + 1000);
        Assert.Empty(rig.Barrier.MotorCalls);
    }

    [Fact]
    public void The_next_command_after_a_motor_fault_tries_again()
    {
        LockRig rig = LockRig.Provisioned(_cloud);
        rig.Barrier.Stuck = true;
        rig.Phone().Send();
        rig.Run(rig.Settings.MotionTimeoutMs + 200);
        rig.Barrier.Stuck = false;

        rig.OpenWithPhone();

        Assert.False(rig.Controller.Status().MotorFault);
    }

    [Fact]
    public void Both_end_stops_pressed_is_a_motor_fault_at_boot_and_the_motor_stays_off()
    {
        LockRig rig = LockRig.Provisioned(_cloud);
        rig.Barrier.ShortedEndStops = true;

        rig.Reboot();
        rig.Controller.MqttConnected();
        rig.Run(5000);

        Assert.Equal(2, Assert.Single(rig.EventsOf(EventKind.MotorFault)).Detail);
        Assert.Equal(["stop"], rig.Barrier.MotorCalls.Distinct());
    }

    [Fact]
    public void A_raised_barrier_forced_down_is_tampered_and_closes_again_once_the_space_is_free()
    {
        LockRig rig = LockRig.Provisioned(_cloud);

        rig.Barrier.Arm = 0;
        rig.Controller.EndStopChanged();
        rig.Run(1000);

        Assert.Single(rig.EventsOf(EventKind.Tampered));
        Assert.Equal(BarrierPosition.Lowered, rig.Position());
        Assert.Equal(AutoClosePhase.AwaitingArrival, rig.Controller.Status().AutoClose);
        rig.RunUntil(() => rig.Position() == BarrierPosition.Raised, rig.Settings.NoArrivalSeconds * 1000 + BarrierModel.TravelMs + 1000);
    }

    [Fact]
    public void A_bounce_of_the_raised_end_stop_shorter_than_the_confirmation_time_is_not_tampering()
    {
        LockRig rig = LockRig.Provisioned(_cloud);

        rig.Barrier.Arm = BarrierModel.TravelMs - 1;
        rig.Controller.EndStopChanged();
        rig.Run(rig.Settings.TamperConfirmMs - 100);
        rig.Barrier.Arm = BarrierModel.TravelMs;
        rig.Controller.EndStopChanged();
        rig.Run(2000);

        Assert.Empty(rig.EventsOf(EventKind.Tampered));
        Assert.Equal(BarrierPosition.Raised, rig.Position());
    }

    [Fact]
    public void A_raised_barrier_held_off_its_end_stop_past_the_confirmation_time_is_tampered()
    {
        LockRig rig = LockRig.Provisioned(_cloud);

        rig.Barrier.Arm = BarrierModel.TravelMs / 2;
        rig.Controller.EndStopChanged();
        rig.Run(rig.Settings.TamperConfirmMs + 200);

        Assert.Single(rig.EventsOf(EventKind.Tampered));
        Assert.Equal(BarrierPosition.Unknown, rig.Position());
    }
}
