using ShareKey.Firmware.Tests.Support;
using ShareKey.Firmware.Tests.TBox.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.TBox.Vehicle;

/// <summary>R3: a RemoteLock switches the relays, is acknowledged, and is logged and reported as a remote-locked event.</summary>
public sealed class RemoteLockTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void Locking_the_immobiliser_engages_it_acks_and_reports_the_event()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);

        AckMessage ack = rig.Deliver(Lock(10, RemoteLockAction.Lock, RemoteLockTarget.Immobiliser));

        Assert.Equal(AckStatus.Applied, ack.Status);
        Assert.True(rig.Relays.ImmobiliserEngaged);
        Assert.True(rig.Controller.Status().ImmobiliserHeld);
        EventRecord logged = Assert.Single(rig.Uplink.OfType<EventMessage>()).Events.Single();
        Assert.Equal(EventKind.RemoteLocked, logged.Kind);
        Assert.Equal((byte)RemoteLockTarget.Immobiliser, logged.Detail);
        Assert.Equal((short)RemoteLockAction.Lock, logged.Value);
        Assert.Equal(Samples.Now, logged.Time);
    }

    [Fact]
    public void The_hold_survives_a_reboot_and_a_release_lifts_it()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        rig.Deliver(Lock(10, RemoteLockAction.Lock, RemoteLockTarget.Immobiliser));
        rig.Relays.SetImmobiliserEngaged(false);

        rig.Reboot();
        Assert.True(rig.Relays.ImmobiliserEngaged);
        rig.Controller.MqttConnected();

        rig.Deliver(Lock(11, RemoteLockAction.Release, RemoteLockTarget.Immobiliser));
        Assert.False(rig.Relays.ImmobiliserEngaged);
        rig.Reboot();
        Assert.False(rig.Relays.ImmobiliserEngaged);
    }

    [Fact]
    public void Doors_lock_and_unlock_remotely()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);

        rig.Deliver(Lock(10, RemoteLockAction.Lock, RemoteLockTarget.Doors));
        Assert.True(rig.Relays.DoorsLocked);
        rig.Deliver(Lock(11, RemoteLockAction.Release, RemoteLockTarget.Doors));

        Assert.False(rig.Relays.DoorsLocked);
        Assert.False(rig.Controller.Status().ImmobiliserHeld);
    }

    [Fact]
    public void A_charger_connector_is_not_the_t_boxs_to_lock()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        int switches = rig.Relays.Switches.Count;

        AckMessage ack = rig.Deliver(Lock(10, RemoteLockAction.Lock, RemoteLockTarget.ChargerConnector));

        Assert.Equal(AckStatus.Unsupported, ack.Status);
        Assert.Equal(switches, rig.Relays.Switches.Count);
        Assert.Empty(rig.Uplink.OfType<EventMessage>());
    }

    [Fact]
    public void A_duplicate_is_acked_again_without_switching_again()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        RemoteLockMessage message = Lock(10, RemoteLockAction.Lock, RemoteLockTarget.Doors);
        rig.Deliver(message);
        int switches = rig.Relays.Switches.Count;

        Assert.Equal(AckStatus.Applied, rig.Deliver(message).Status);

        Assert.Equal(switches, rig.Relays.Switches.Count);
    }

    [Fact]
    public void An_accepted_start_does_not_release_a_held_immobiliser()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        rig.Deliver(Lock(10, RemoteLockAction.Lock, RemoteLockTarget.Immobiliser));

        Assert.True(new TBoxPhone(_cloud, rig, _cloud.Token(7)).Send(CommandCode.Start).Accepted);

        Assert.True(rig.Relays.ImmobiliserEngaged);
        Assert.True(rig.Log.Contains("immobiliser stays engaged"));
    }

    private static RemoteLockMessage Lock(uint id, RemoteLockAction action, RemoteLockTarget target) =>
        new() { MessageId = id, Action = action, Target = target, RequestedAt = Samples.Now };
}
