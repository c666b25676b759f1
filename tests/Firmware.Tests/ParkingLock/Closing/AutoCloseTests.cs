using ShareKey.Firmware.ParkingLock;
using ShareKey.Firmware.ParkingLock.Closing;
using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.Firmware.Tests.ParkingLock.Support;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.ParkingLock.Closing;

/// <summary>After an unlock the barrier raises by itself: once the parked car has left and the delay passed, or when no car came.</summary>
public sealed class AutoCloseTests
{
    private readonly TestCloud _cloud = new();

    [Theory]
    [InlineData(30, 60)]
    [InlineData(5, 0)]
    [InlineData(0, 70)]
    public void The_barrier_raises_by_itself_the_close_delay_after_the_parked_car_left(int dwell, int delay)
    {
        LockRig rig = LockRig.Provisioned(_cloud, new LockSettings { DwellSeconds = dwell, CloseDelaySeconds = delay });
        rig.OpenWithPhone();
        rig.Space.CarPresent = true;
        rig.Run((dwell * 1000) + 5000);
        Assert.Equal(AutoClosePhase.Parked, rig.Controller.Status().AutoClose);

        rig.Space.CarPresent = false;
        int freeAfter = rig.RunUntil(() => rig.Controller.Status().AutoClose == AutoClosePhase.Leaving || rig.Barrier.Motor == "raise", 5000);
        int raisedAfter = freeAfter + rig.RunUntil(() => rig.Barrier.Motor == "raise", (delay * 1000) + 5000);

        Assert.InRange(raisedAfter, delay * 1000, (delay * 1000) + 3000);
        rig.RunUntil(() => rig.Position() == BarrierPosition.Raised, BarrierModel.TravelMs + 500);
        Assert.Equal(1, Assert.Single(rig.EventsOf(EventKind.AutoRaised)).Detail);
    }

    [Fact]
    public void With_no_car_after_an_unlock_the_barrier_raises_after_the_no_arrival_time()
    {
        LockRig rig = LockRig.Provisioned(_cloud);
        rig.OpenWithPhone();

        int after = rig.RunUntil(() => rig.Barrier.Motor == "raise", (rig.Settings.NoArrivalSeconds * 1000) + 2000);

        Assert.InRange(after, (rig.Settings.NoArrivalSeconds * 1000) - 200, (rig.Settings.NoArrivalSeconds * 1000) + 200);
        Assert.Equal(2, Assert.Single(rig.EventsOf(EventKind.AutoRaised)).Detail);
    }

    [Fact]
    public void A_car_that_leaves_before_the_dwell_time_does_not_start_the_close_delay()
    {
        LockRig rig = LockRig.Provisioned(_cloud, new LockSettings { DwellSeconds = 30, CloseDelaySeconds = 10, NoArrivalSeconds = 120 });
        rig.OpenWithPhone();
        rig.Space.CarPresent = true;
        rig.Run(10_000);
        rig.Space.CarPresent = false;
        rig.Run(20_000);

        Assert.Equal(AutoClosePhase.AwaitingArrival, rig.Controller.Status().AutoClose);
        Assert.Equal(BarrierPosition.Lowered, rig.Position());
    }

    [Fact]
    public void A_car_back_during_the_close_delay_is_parked_again_and_nothing_raises()
    {
        LockRig rig = LockRig.Provisioned(_cloud, new LockSettings { DwellSeconds = 5, CloseDelaySeconds = 60 });
        rig.OpenWithPhone();
        rig.Space.CarPresent = true;
        rig.Run(10_000);
        rig.Space.CarPresent = false;
        rig.Run(30_000);
        rig.Space.CarPresent = true;
        rig.Run(60_000);

        Assert.Equal(AutoClosePhase.Parked, rig.Controller.Status().AutoClose);
        Assert.DoesNotContain("raise", rig.Barrier.MotorCalls);
    }

    [Fact]
    public void An_auto_raise_stopped_by_a_car_lowers_and_waits_for_that_car_to_leave()
    {
        LockRig rig = LockRig.Provisioned(_cloud, new LockSettings { DwellSeconds = 0, CloseDelaySeconds = 0, NoArrivalSeconds = 20 });
        rig.OpenWithPhone();
        rig.RunUntil(() => rig.Barrier.Motor == "raise", 25_000);
        rig.Space.CarPresent = true;
        rig.RunUntil(() => rig.Position() == BarrierPosition.Lowered, 5000);
        rig.Run(3000);
        Assert.Equal(AutoClosePhase.Parked, rig.Controller.Status().AutoClose);

        rig.Space.CarPresent = false;
        rig.RunUntil(() => rig.Position() == BarrierPosition.Raised, 10_000);
    }

    [Fact]
    public void After_the_configured_number_of_obstructed_raises_the_barrier_waits_for_a_command()
    {
        LockRig rig = LockRig.Provisioned(_cloud, new LockSettings { NoArrivalSeconds = 10, MaxObstructedRaises = 2 });
        rig.OpenWithPhone();
        rig.Barrier.BlockedAbove = 500;

        rig.Run(60_000);

        Assert.Equal(2, rig.EventsOf(EventKind.Obstructed).Count);
        Assert.Equal(AutoClosePhase.Off, rig.Controller.Status().AutoClose);
        Assert.Equal(BarrierPosition.Lowered, rig.Position());
        rig.Barrier.BlockedAbove = null;
        Assert.True(rig.Phone().Send(CommandCode.Lock).Accepted);
        rig.RunUntil(() => rig.Position() == BarrierPosition.Raised, 5000);
    }

    [Fact]
    public void A_manual_lock_ends_the_auto_close()
    {
        LockRig rig = LockRig.Provisioned(_cloud);
        rig.OpenWithPhone();
        rig.Phone().Send(CommandCode.Lock);
        rig.RunUntil(() => rig.Position() == BarrierPosition.Raised, 5000);

        rig.Run(rig.Settings.NoArrivalSeconds * 1000);

        Assert.Equal(AutoClosePhase.Off, rig.Controller.Status().AutoClose);
        Assert.Empty(rig.EventsOf(EventKind.AutoRaised));
    }
}
