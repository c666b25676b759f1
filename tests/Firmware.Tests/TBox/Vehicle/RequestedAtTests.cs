using ShareKey.Firmware.TBox.Vehicle;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Firmware.Tests.TBox.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.TBox.Vehicle;

/// <summary>
/// docs/protocol.md §9.7: a RemoteLock more than a day behind the device clock, or older than an
/// immobiliser order already carried out, is refused (Ack refused, a remote-lock-refused event with
/// the reason and the message id) and switches nothing; one ahead of a clock that is behind is judged by order alone.
/// </summary>
public sealed class RequestedAtTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void A_request_more_than_a_day_old_is_refused_too_old()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        int switches = rig.Relays.Switches.Count;

        AckMessage ack = rig.Deliver(RemoteLocks.Of(10, RemoteLockAction.Lock, requestedAt: Samples.Now - RemoteLockPart.MaxAgeSeconds - 1));

        Assert.Equal(AckStatus.Refused, ack.Status);
        Assert.Equal(switches, rig.Relays.Switches.Count);
        EventRecord refused = Assert.Single(rig.Uplink.OfType<EventMessage>().SelectMany(m => m.Events));
        Assert.Equal(EventKind.RemoteLockRefused, refused.Kind);
        Assert.Equal((byte)RemoteLockRefusal.TooOld, refused.Detail);
        Assert.Equal((short)RemoteLockAction.Lock, refused.Value);
        Assert.Equal(10UL, refused.KeyId);
    }

    [Fact]
    public void A_request_exactly_a_day_old_still_counts()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);

        Assert.Equal(AckStatus.Applied, rig.Deliver(RemoteLocks.Of(10, RemoteLockAction.Lock, requestedAt: Samples.Now - RemoteLockPart.MaxAgeSeconds)).Status);
        Assert.True(rig.Relays.ImmobiliserEngaged);
    }

    [Fact]
    public void An_older_order_arriving_after_a_newer_one_is_refused_superseded()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        rig.Deliver(RemoteLocks.Of(11, RemoteLockAction.Release, requestedAt: Samples.Now - 10));
        rig.ReceiptAll();

        AckMessage ack = rig.Deliver(RemoteLocks.Of(12, RemoteLockAction.Lock, requestedAt: Samples.Now - 20));

        Assert.Equal(AckStatus.Refused, ack.Status);
        Assert.NotEqual(true, rig.Relays.ImmobiliserEngaged);
        Assert.Contains(rig.Uplink.OfType<EventMessage>().SelectMany(m => m.Events), e => e.Kind == EventKind.RemoteLockRefused && e.Detail == (byte)RemoteLockRefusal.Superseded && e.KeyId == 12);
    }

    [Fact]
    public void The_newest_order_is_remembered_across_a_reboot()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);
        rig.Deliver(RemoteLocks.Of(11, RemoteLockAction.Lock, requestedAt: Samples.Now));
        rig.Reboot();
        rig.Controller.MqttConnected();

        Assert.Equal(AckStatus.Refused, rig.Deliver(RemoteLocks.Of(12, RemoteLockAction.Release, requestedAt: Samples.Now - 1)).Status);
        Assert.True(rig.Relays.ImmobiliserEngaged);
    }

    [Fact]
    public void A_request_ahead_of_a_clock_that_is_behind_is_carried_out()
    {
        TBoxRig rig = TBoxRig.Provisioned(_cloud);

        Assert.Equal(AckStatus.Applied, rig.Deliver(RemoteLocks.Of(10, RemoteLockAction.Lock, requestedAt: Samples.Now + 3600)).Status);
        Assert.True(rig.Relays.ImmobiliserEngaged);
    }
}
