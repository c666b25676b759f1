using ShareKey.Firmware.Tests.Support;
using ShareKey.Firmware.Uplink;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.Uplink;

/// <summary>
/// The event log goes up one batch at a time; a batch leaves the log only at the cloud's
/// EventReceipt for it (a broker's PUBACK is not reported and counts for nothing), and an
/// unreceipted batch is sent again as the very same frame (same id, so the cloud stores it once).
/// </summary>
public sealed class EventDrainTests
{
    private readonly TestCloud _cloud = new();

    [Fact]
    public void Events_go_up_on_connect_and_leave_the_log_at_the_cloud_receipt()
    {
        LinkRig rig = Logged(3);

        rig.Link.Connected();

        EventMessage batch = Assert.Single(rig.Uplink.OfType<EventMessage>());
        Assert.Equal(3, batch.Events.Length);
        Assert.Equal(3, rig.Device.Events.Count);

        Receipt(rig, batch);

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
            Receipt(rig, batch);
        }

        Assert.Equal([16, 16, 8], sizes);
        Assert.Equal(0, rig.Device.Events.Count);
    }

    [Fact]
    public void A_receipt_for_another_frame_or_another_count_settles_nothing_and_is_not_acked()
    {
        LinkRig rig = Logged(2);
        rig.Link.Connected();
        EventMessage batch = rig.Uplink.OfType<EventMessage>().Single();
        int sentBefore = rig.Uplink.Sent.Count;

        Receive(rig, new EventReceiptMessage { MessageId = rig.Uplink.OfType<KeyReportMessage>().Single().MessageId, Count = 2 });
        Receive(rig, new EventReceiptMessage { MessageId = 999, Count = 2 });
        Receive(rig, new EventReceiptMessage { MessageId = batch.MessageId, Count = 1 });

        Assert.Equal(2, rig.Device.Events.Count);
        Assert.Equal(sentBefore, rig.Uplink.Sent.Count);
    }

    /// <summary>
    /// The receipt's one HMAC is the seventh of an online unlock (bench/Firmware.Benchmarks/README.md):
    /// it is what keeps anyone who can put a frame on the device's down topic from erasing its log.
    /// </summary>
    [Fact]
    public void A_receipt_costs_one_HMAC_and_one_that_does_not_verify_settles_nothing()
    {
        LinkRig rig = Logged(2);
        rig.Link.Connected();
        EventMessage batch = rig.Uplink.OfType<EventMessage>().Single();
        byte[] forged = _cloud.Down(new EventReceiptMessage { MessageId = batch.MessageId, Count = batch.Events.Length });
        forged[^1] ^= 0x01;

        int before = rig.Device.Crypto.Hmacs;
        Message? dropped = rig.Link.Receive(forged, 0, forged.Length);
        int forgedCost = rig.Device.Crypto.Hmacs - before;
        int eventsAfterForged = rig.Device.Events.Count;
        before = rig.Device.Crypto.Hmacs;
        Receipt(rig, batch);
        int receiptCost = rig.Device.Crypto.Hmacs - before;

        Assert.Null(dropped);
        Assert.Equal(1, forgedCost);
        Assert.Equal(2, eventsAfterForged);
        Assert.Equal(1, receiptCost);
        Assert.Equal(0, rig.Device.Events.Count);
    }

    [Fact]
    public void A_receipt_replayed_after_its_batch_settled_drops_nothing_newer()
    {
        LinkRig rig = Logged(2);
        rig.Link.Connected();
        EventMessage first = rig.Uplink.OfType<EventMessage>().Single();
        Receipt(rig, first);
        Log(rig, 2);
        rig.Link.Pump();

        Receipt(rig, first);

        Assert.Equal(2, rig.Device.Events.Count);
        Assert.Equal(2, rig.Uplink.OfType<EventMessage>().Count);
    }

    [Fact]
    public void Until_the_receipt_the_batch_stays_in_the_log_however_long_and_goes_up_again()
    {
        LinkRig rig = Logged(3);
        rig.Link.Connected();

        rig.Device.Clock.Advance(CloudLink.EventResendSeconds);
        rig.Link.Pump();
        rig.Link.Disconnected();
        rig.Link.Connected();

        List<EventMessage> batches = rig.Uplink.OfType<EventMessage>();
        Assert.Equal(3, batches.Count);
        Assert.All(batches, b => Assert.Equal(batches[0].MessageId, b.MessageId));
        Assert.Equal(3, rig.Device.Events.Count);
        Receipt(rig, batches[^1]);
        Assert.Equal(0, rig.Device.Events.Count);
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

        Receipt(rig, first);

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

    private void Receipt(LinkRig rig, EventMessage batch) =>
        Receive(rig, new EventReceiptMessage { MessageId = batch.MessageId, Count = batch.Events.Length });

    private void Receive(LinkRig rig, EventReceiptMessage receipt)
    {
        byte[] frame = _cloud.Down(receipt);
        Assert.NotNull(rig.Link.Receive(frame, 0, frame.Length));
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
