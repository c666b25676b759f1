using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.Firmware.Tests.ParkingLock.Support;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Tests.ParkingLock.Safety;

/// <summary>A raise needs the space seen empty; a vehicle seen while raising, or an arm that cannot reach the top, sends the barrier back down.</summary>
public sealed class NeverRaiseOntoACarTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void A_lock_command_over_a_parked_car_is_refused_space_occupied_and_the_barrier_stays_down()
    {
        LockRig rig = LockRig.Provisioned(_cloud);
        rig.OpenWithPhone();
        rig.Space.CarPresent = true;
        rig.Run(3000);
        rig.Barrier.MotorCalls.Clear();

        var refused = rig.Phone().Send(CommandCode.Lock);
        rig.Run(1000);

        Assert.Equal(RefusalReason.SpaceOccupied, refused.Reason);
        Assert.Equal(EventKind.Withheld, refused.Event.Kind);
        Assert.Equal((byte)CommandCode.Lock, refused.Event.Detail);
        Assert.Equal((short)RefusalReason.SpaceOccupied, refused.Event.Value);
        Assert.Empty(rig.Barrier.MotorCalls);
        Assert.Equal(BarrierPosition.Lowered, rig.Position());
        Assert.Empty(rig.EventsOf(EventKind.Obstructed));

        rig.Space.CarPresent = false;
        rig.Run(6000);
        Assert.True(rig.Phone().Send(CommandCode.Lock).Accepted);
    }

    [Fact]
    public void A_lock_command_before_the_sensor_has_decided_does_not_raise()
    {
        LockRig rig = LockRig.Provisioned(_cloud);
        rig.OpenWithPhone();
        rig.Reboot();
        rig.Controller.MqttConnected();

        Assert.True(rig.Phone().Send(CommandCode.Lock).Accepted);

        Assert.DoesNotContain("raise", rig.Barrier.MotorCalls);
        Assert.Equal(1, Assert.Single(rig.EventsOf(EventKind.Obstructed)).Detail);
    }

    [Fact]
    public void A_car_driving_in_while_the_barrier_raises_stops_it_and_lowers_it_again()
    {
        LockRig rig = LockRig.Provisioned(_cloud);
        rig.OpenWithPhone();
        Assert.True(rig.Phone().Send(CommandCode.Lock).Accepted);
        rig.Run(1000);
        Assert.Equal(BarrierPosition.Raising, rig.Position());

        rig.Space.CarPresent = true;
        int stoppedAfter = rig.RunUntil(() => rig.Barrier.Motor == "lower", 2000);
        rig.RunUntil(() => rig.Position() == BarrierPosition.Lowered, BarrierModel.TravelMs + 500);

        Assert.True(stoppedAfter <= 3 * rig.Settings.SampleIntervalMs, $"reversed after {stoppedAfter} ms");
        Assert.Equal(2, Assert.Single(rig.EventsOf(EventKind.Obstructed)).Detail);
        Assert.Equal(["raise", "stop", "lower", "stop"], rig.Barrier.MotorCalls.Skip(2));
    }

    [Fact]
    public void An_arm_that_cannot_reach_the_top_in_time_is_an_obstruction_and_goes_back_down()
    {
        LockRig rig = LockRig.Provisioned(_cloud);
        rig.OpenWithPhone();
        rig.Barrier.BlockedAbove = 1000;

        Assert.True(rig.Phone().Send(CommandCode.Lock).Accepted);
        rig.Run(rig.Settings.MotionTimeoutMs + 200);

        Assert.Equal(BarrierPosition.Lowering, rig.Position());
        Assert.Equal(3, Assert.Single(rig.EventsOf(EventKind.Obstructed)).Detail);
        rig.RunUntil(() => rig.Position() == BarrierPosition.Lowered, 2000);
        Assert.False(rig.Controller.Status().MotorFault);
    }
}
