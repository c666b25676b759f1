using ShareKey.Firmware.Tests.Support;
using ShareKey.Firmware.Tests.TBox.Support;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Tests.TBox.Vehicle;

/// <summary>
/// R3 on the T-BOX: a RemoteLock engages the immobiliser and the charge-inlet lock at once when the
/// car stands still with the ignition off, and is acknowledged and logged as a remote-locked event
/// naming the RemoteLock's message id; doors lock and unlock at once; a charger connector is not the T-BOX's.
/// </summary>
public sealed class RemoteLockTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void Locking_a_parked_car_engages_the_immobiliser_and_the_inlet_lock_acks_and_reports_the_event()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);

        AckMessage ack = rig.Deliver(RemoteLocks.Of(10, RemoteLockAction.Lock));

        Assert.Equal(AckStatus.Applied, ack.Status);
        Assert.True(rig.Relays.ImmobiliserEngaged);
        Assert.True(rig.Relays.ChargeInletLocked);
        Assert.True(rig.Controller.Status().ImmobiliserHeld);
        Assert.Equal(RemoteLockState.Engaged, rig.Controller.Status().RemoteLock);
        EventRecord logged = Assert.Single(rig.Uplink.OfType<EventMessage>()).Events.Single();
        Assert.Equal(EventKind.RemoteLocked, logged.Kind);
        Assert.Equal((byte)RemoteLockTarget.Immobiliser, logged.Detail);
        Assert.Equal((short)RemoteLockAction.Lock, logged.Value);
        Assert.Equal(10UL, logged.KeyId);
        Assert.Equal(Samples.Now, logged.Time);
    }

    [Fact]
    public void The_hold_survives_a_reboot_and_a_release_lifts_it()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        rig.Deliver(RemoteLocks.Of(10, RemoteLockAction.Lock));
        rig.Relays.SetImmobiliserEngaged(false);
        rig.Relays.SetChargeInletLocked(false);

        rig.Reboot();
        Assert.True(rig.Relays.ImmobiliserEngaged);
        Assert.True(rig.Relays.ChargeInletLocked);
        rig.Controller.MqttConnected();

        rig.Deliver(RemoteLocks.Of(11, RemoteLockAction.Release));
        Assert.False(rig.Relays.ImmobiliserEngaged);
        Assert.False(rig.Relays.ChargeInletLocked);
        rig.Reboot();
        Assert.False(rig.Relays.ImmobiliserEngaged);
        Assert.False(rig.Relays.ChargeInletLocked);
    }

    [Fact]
    public void Doors_lock_and_unlock_remotely()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);

        rig.Deliver(RemoteLocks.Of(10, RemoteLockAction.Lock, RemoteLockTarget.Doors));
        Assert.True(rig.Relays.DoorsLocked);
        rig.Deliver(RemoteLocks.Of(11, RemoteLockAction.Release, RemoteLockTarget.Doors));

        Assert.False(rig.Relays.DoorsLocked);
        Assert.False(rig.Controller.Status().ImmobiliserHeld);
    }

    [Fact]
    public void A_charger_connector_is_not_the_t_boxs_to_lock()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        int switches = rig.Relays.Switches.Count;

        AckMessage ack = rig.Deliver(RemoteLocks.Of(10, RemoteLockAction.Lock, RemoteLockTarget.ChargerConnector));

        Assert.Equal(AckStatus.Unsupported, ack.Status);
        Assert.Equal(switches, rig.Relays.Switches.Count);
        Assert.Empty(rig.Uplink.OfType<EventMessage>());
    }

    [Fact]
    public void A_duplicate_is_acked_again_without_switching_or_logging_again()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        RemoteLockMessage message = RemoteLocks.Of(10, RemoteLockAction.Lock);
        rig.Deliver(message);
        int switches = rig.Relays.Switches.Count;
        int events = rig.Controller.Status().EventsQueued;

        Assert.Equal(AckStatus.Applied, rig.Deliver(message).Status);

        Assert.Equal(switches, rig.Relays.Switches.Count);
        Assert.Equal(events, rig.Controller.Status().EventsQueued);
    }

    [Fact]
    public void A_start_over_ble_is_withheld_while_locked_and_works_again_after_the_release()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        TBoxPhone renter = new(_cloud, rig, _cloud.Token(7));
        rig.Deliver(RemoteLocks.Of(10, RemoteLockAction.Lock));
        rig.Uplink.Clear();

        var refused = renter.Send(CommandCode.Start);

        Assert.False(refused.Accepted);
        Assert.Equal(RefusalReason.RemoteLocked, refused.Reason);
        Assert.Equal(EventKind.Withheld, refused.Event.Kind);
        Assert.Equal((byte)CommandCode.Start, refused.Event.Detail);
        Assert.Equal((short)RefusalReason.RemoteLocked, refused.Event.Value);
        Assert.True(rig.Relays.ImmobiliserEngaged);
        Assert.True(renter.Send(CommandCode.Unlock).Accepted);

        rig.Deliver(RemoteLocks.Of(11, RemoteLockAction.Release));
        Assert.True(renter.Send(CommandCode.Start).Accepted);
        Assert.False(rig.Relays.ImmobiliserEngaged);
    }
}
