using ShareKey.Firmware.Tests.Support;
using ShareKey.Firmware.Uplink;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.Uplink;

/// <summary>
/// The event log goes up one batch at a time; a batch leaves the log only when the broker has it,
/// and an unacknowledged batch is sent again as the very same frame (same id, so the cloud drops a copy).
/// </summary>
public sealed class EventDrainTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void Events_go_up_on_connect_and_leave_the_log_when_delivered()
    {
        LinkRig rig = Logged(3);

        rig.Link.Connected();

        EventMessage batch = Assert.Single(rig.Uplink.OfType<EventMessage>());
        Assert.Equal(3, batch.Events.Length);
        Assert.Equal(3, rig.Device.Events.Count);

        rig.Link.Delivered(batch.MessageId);

        Assert.Equal(0, rig.Device.Events.Count);
    }

    [Fact]
    public void More_than_sixteen_events_go_in_several_batches_one_at_a_time()
    {
        LinkRig rig = Logged(40);
        rig.Link.Connected();
        List<int> sizes = [];
        while (rig.Uplink.OfType<EventMessage>().Count > sizes.Count)
        {
            EventMessage batch = rig.Uplink.OfType<EventMessage>()[^1];
            sizes.Add(batch.Events.Length);
            rig.Link.Delivered(batch.MessageId);
        }

        Assert.Equal([16, 16, 8], sizes);
        Assert.Equal(0, rig.Device.Events.Count);
    }

    [Fact]
    public void A_delivery_for_another_frame_confirms_nothing()
    {
        LinkRig rig = Logged(2);
        rig.Link.Connected();

        rig.Link.Delivered(rig.Uplink.OfType<KeyReportMessage>().Single().MessageId);
        rig.Link.Delivered(999);

        Assert.Equal(2, rig.Device.Events.Count);
    }

    [Fact]
    public void An_unacknowledged_batch_is_resent_as_the_same_frame_after_the_timeout()
    {
        LinkRig rig = Logged(2);
        rig.Link.Connected();
        byte[] first = rig.Uplink.Frames[^1];

        rig.Device.Clock.Advance(CloudLink.EventResendSeconds - 1);
        rig.Link.Pump();
        Assert.Single(rig.Uplink.OfType<EventMessage>());

        rig.Device.Clock.Advance(1);
        rig.Link.Pump();

        Assert.Equal(2, rig.Uplink.OfType<EventMessage>().Count);
        Assert.Equal(first, rig.Uplink.Frames[^1]);
    }

    [Fact]
    public void A_reconnect_resends_the_unacknowledged_batch_at_once()
    {
        LinkRig rig = Logged(2);
        rig.Link.Connected();
        EventMessage sent = rig.Uplink.OfType<EventMessage>().Single();

        rig.Link.Disconnected();
        rig.Link.Connected();

        List<EventMessage> batches = rig.Uplink.OfType<EventMessage>();
        Assert.Equal(2, batches.Count);
        Assert.Equal(sent.MessageId, batches[1].MessageId);
    }

    [Fact]
    public void Events_logged_while_a_batch_is_in_flight_follow_in_the_next_batch()
    {
        LinkRig rig = Logged(2);
        rig.Link.Connected();
        EventMessage first = rig.Uplink.OfType<EventMessage>().Single();
        Log(rig, 3);
        rig.Link.Pump();
        Assert.Single(rig.Uplink.OfType<EventMessage>());

        rig.Link.Delivered(first.MessageId);

        EventMessage second = rig.Uplink.OfType<EventMessage>()[^1];
        Assert.Equal(3, second.Events.Length);
        Assert.Equal(3, rig.Device.Events.Count);
    }

    [Fact]
    public void Events_survive_a_reboot_before_delivery_and_go_up_after_it()
    {
        LinkRig rig = Logged(4);
        rig.Link.Connected();

        rig.Reboot();
        rig.Link.Connected();

        List<EventMessage> batches = rig.Uplink.OfType<EventMessage>();
        Assert.Equal(2, batches.Count);
        Assert.Equal(4, batches[1].Events.Length);
        Assert.NotEqual(batches[0].MessageId, batches[1].MessageId);
    }

    private LinkRig Logged(int count)
    {
        LinkRig rig = new(_cloud);
        Log(rig, count);
        return rig;
    }

    private static void Log(LinkRig rig, int count)
    {
        for (int i = 0; i < count; i++)
        {
            rig.Device.Events.Append(new EventRecord(EventKind.Occupancy, Samples.Now, 0, 0, (short)(i % 2)));
        }
    }
}
