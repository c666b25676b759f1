using ShareKey.Firmware.TBox.Hardware;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Firmware.Tests.TBox.Support;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Tests.TBox.Vehicle;

/// <summary>
/// R3's safety gate: a lock on a car that moves, has its ignition on, or whose bus says nothing is
/// armed (acked applied, a remote-lock-armed event says what it waits for) and engages on the first
/// tick that is safe; an armed lock survives a reboot, and withholds a start meanwhile.
/// </summary>
public sealed class SafetyGateTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void A_moving_car_is_armed_and_engages_only_once_it_stands_still_with_the_ignition_off()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        Drive(rig, 50);

        AckMessage ack = rig.Deliver(RemoteLocks.Of(10, RemoteLockAction.Lock));

        Assert.Equal(AckStatus.Applied, ack.Status);
        Assert.NotEqual(true, rig.Relays.ImmobiliserEngaged);
        Assert.NotEqual(true, rig.Relays.ChargeInletLocked);
        Assert.Equal(RemoteLockState.Armed, rig.Controller.Status().RemoteLock);
        EventRecord armed = Assert.Single(Events(rig), e => e.Kind == EventKind.RemoteLockArmed);
        Assert.Equal((short)RemoteLockWait.Moving, armed.Value);
        Assert.Equal(10UL, armed.KeyId);

        rig.Bus.Vehicle!.SpeedKmh = 0;
        rig.Advance(1);
        Assert.NotEqual(true, rig.Relays.ImmobiliserEngaged);

        rig.Bus.Vehicle.Ignition = 0;
        rig.Advance(1);
        Assert.True(rig.Relays.ImmobiliserEngaged);
        Assert.True(rig.Relays.ChargeInletLocked);
        Assert.Equal(RemoteLockState.Engaged, rig.Controller.Status().RemoteLock);
        rig.ReceiptAll();
        rig.Advance(1);
        EventRecord engaged = Assert.Single(Events(rig), e => e.Kind == EventKind.RemoteLocked);
        Assert.Equal(10UL, engaged.KeyId);
        Assert.Equal((short)RemoteLockAction.Lock, engaged.Value);
    }

    [Fact]
    public void Ignition_on_while_stationary_arms_and_says_so()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        rig.Bus.Vehicle!.Ignition = 1;

        rig.Deliver(RemoteLocks.Of(10, RemoteLockAction.Lock));

        Assert.Equal((short)RemoteLockWait.IgnitionOn, Assert.Single(Events(rig), e => e.Kind == EventKind.RemoteLockArmed).Value);
        Assert.Equal(RemoteLockState.Armed, rig.Controller.Status().RemoteLock);
    }

    [Fact]
    public void A_silent_vehicle_bus_is_never_taken_for_safe()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        VehicleReading parked = rig.Bus.Vehicle!;
        rig.Bus.Vehicle = null;

        rig.Deliver(RemoteLocks.Of(10, RemoteLockAction.Lock));
        rig.Advance(5);

        Assert.Equal((short)RemoteLockWait.NoReading, Assert.Single(Events(rig), e => e.Kind == EventKind.RemoteLockArmed).Value);
        Assert.NotEqual(true, rig.Relays.ImmobiliserEngaged);

        rig.Bus.Vehicle = parked;
        rig.Advance(1);
        Assert.True(rig.Relays.ImmobiliserEngaged);
    }

    [Fact]
    public void An_armed_lock_survives_a_reboot_and_engages_after_it()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        Drive(rig, 30);
        rig.Deliver(RemoteLocks.Of(10, RemoteLockAction.Lock));

        rig.Reboot();
        rig.Advance(1);
        Assert.NotEqual(true, rig.Relays.ImmobiliserEngaged);
        Assert.Equal(RemoteLockState.Armed, rig.Controller.Status().RemoteLock);

        rig.Bus.Vehicle!.SpeedKmh = 0;
        rig.Bus.Vehicle.Ignition = 0;
        rig.Advance(1);
        Assert.True(rig.Relays.ImmobiliserEngaged);
        rig.Reboot();
        Assert.True(rig.Relays.ImmobiliserEngaged);
    }

    [Fact]
    public void A_start_is_withheld_while_a_lock_is_armed()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        rig.Bus.Vehicle!.Ignition = 1;
        rig.Deliver(RemoteLocks.Of(10, RemoteLockAction.Lock));

        Assert.Equal(RefusalReason.RemoteLocked, new TBoxPhone(_cloud, rig, _cloud.Token(7)).Send(CommandCode.Start).Reason);
    }

    [Fact]
    public void A_release_disarms_a_lock_still_waiting()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        Drive(rig, 80);
        rig.Deliver(RemoteLocks.Of(10, RemoteLockAction.Lock));

        rig.Deliver(RemoteLocks.Of(11, RemoteLockAction.Release));
        rig.Bus.Vehicle!.SpeedKmh = 0;
        rig.Bus.Vehicle.Ignition = 0;
        rig.Advance(1);

        Assert.Equal(RemoteLockState.Released, rig.Controller.Status().RemoteLock);
        Assert.NotEqual(true, rig.Relays.ImmobiliserEngaged);
    }

    private static void Drive(TBoxRig rig, int kmh)
    {
        rig.Bus.Vehicle!.SpeedKmh = kmh;
        rig.Bus.Vehicle.Ignition = 1;
        rig.Advance(1);
    }

    private static List<EventRecord> Events(TBoxRig rig) => rig.Uplink.OfType<EventMessage>().SelectMany(m => m.Events).ToList();
}
