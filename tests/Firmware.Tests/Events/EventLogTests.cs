using ShareKey.Firmware.Events;
using ShareKey.Firmware.Storage;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.Firmware.Tests.Events;

/// <summary>R2.8, docs/protocol.md §4.12: a bounded ring of events, saved on every change, drained oldest first in batches of at most 16.</summary>
public sealed class EventLogTests
{
    private readonly DeviceRig _rig = new();

    [Fact]
    public void An_empty_log_has_nothing_to_send()
    {
        Assert.Equal(0, _rig.Events.Count);
        Assert.Null(_rig.Events.PeekBatch());
    }

    [Fact]
    public void Every_field_of_a_record_comes_back_as_logged()
    {
        EventRecord logged = new(EventKind.StateOfCharge, Samples.Now, 0x8000_0000_0000_0001, 0xFE, -2);
        _rig.Events.Append(logged);

        EventRecord sent = Assert.Single(_rig.Events.PeekBatch()!.Message.Events);

        Assert.Equal(logged.ToString(), sent.ToString());
    }

    [Fact]
    public void Events_drain_oldest_first_in_batches_of_at_most_sixteen()
    {
        LogNumbered(1, 40);

        Assert.Equal(Enumerable.Range(1, 16), Drain());
        Assert.Equal(Enumerable.Range(17, 16), Drain());
        Assert.Equal(Enumerable.Range(33, 8), Drain());
        Assert.Null(_rig.Events.PeekBatch());
    }

    [Fact]
    public void A_batch_not_confirmed_is_offered_again()
    {
        LogNumbered(1, 3);

        _rig.Events.PeekBatch();

        Assert.Equal([1, 2, 3], Numbers(_rig.Events.PeekBatch()!));
    }

    [Fact]
    public void Events_logged_between_peek_and_confirm_stay()
    {
        LogNumbered(1, 3);
        EventBatch batch = _rig.Events.PeekBatch()!;
        LogNumbered(4, 2);

        _rig.Events.Confirm(batch);

        Assert.Equal([4, 5], Drain());
    }

    [Fact]
    public void Confirming_the_same_batch_twice_removes_it_once()
    {
        LogNumbered(1, 20);
        EventBatch batch = _rig.Events.PeekBatch()!;
        _rig.Events.Confirm(batch);

        _rig.Events.Confirm(batch);

        Assert.Equal(4, _rig.Events.Count);
    }

    [Fact]
    public void A_full_ring_overwrites_the_oldest_and_wraps_around()
    {
        LogNumbered(1, EventLog.Capacity + 6);

        Assert.Equal(EventLog.Capacity, _rig.Events.Count);
        List<int> drained = [];
        while (_rig.Events.PeekBatch() is not null)
        {
            drained.AddRange(Drain());
        }

        Assert.Equal(Enumerable.Range(7, EventLog.Capacity), drained);
    }

    [Fact]
    public void A_batch_partly_overwritten_before_its_confirm_removes_only_what_is_left_of_it()
    {
        LogNumbered(1, EventLog.Capacity);
        EventBatch batch = _rig.Events.PeekBatch()!;
        LogNumbered(100, 10);

        _rig.Events.Confirm(batch);

        Assert.Equal(EventLog.Capacity - 6, _rig.Events.Count);
        Assert.Equal(Enumerable.Range(17, 16), Drain());
    }

    [Fact]
    public void The_log_survives_a_reboot_and_confirmed_events_stay_gone()
    {
        LogNumbered(1, 20);
        _rig.Events.Confirm(_rig.Events.PeekBatch()!);
        LogNumbered(21, 60);

        _rig.Reboot();

        Assert.Equal(EventLog.Capacity, _rig.Events.Count);
        Assert.Equal(Enumerable.Range(17, 16), Drain());
    }

    [Fact]
    public void The_newest_events_are_offered_for_a_key_report_without_leaving_the_log()
    {
        LogNumbered(1, 20);

        Assert.Equal(Enumerable.Range(5, 16), _rig.Events.Newest(16).Select(e => (int)e.Time));
        Assert.Equal([1, 2, 3], _rig.Events.Newest(30).Take(3).Select(e => (int)e.Time));
        Assert.Equal(20, _rig.Events.Count);
    }

    [Fact]
    public void A_batch_is_a_valid_link_authenticated_event_frame()
    {
        LogNumbered(1, 16);
        Macs macs = new(new TestCrypto());
        DeviceSecrets secrets = new(macs, Samples.RootKey);
        EventMessage message = _rig.Events.PeekBatch()!.Message;
        message.MessageId = 9;

        byte[] frame = new MessageEncoder(macs).Encode(message, secrets.LinkUpKey);
        EventMessage decoded = (EventMessage)new MessageDecoder(macs).Decode(frame, 0, frame.Length, secrets.LinkUpKey);

        Assert.Equal(Enumerable.Range(1, 16), decoded.Events.Select(e => (int)e.Time));
    }

    [Theory]
    [InlineData(TornWrite.StaleBytes)]
    [InlineData(TornWrite.Garbage)]
    [InlineData(TornWrite.Truncated)]
    public void A_power_cut_while_logging_keeps_the_log_with_or_without_the_new_event(TornWrite mode)
    {
        int size = DurableRecord.Overhead + 5 + (4 * EventRecord.Size);
        for (int cut = 0; cut < size; cut++)
        {
            DeviceRig rig = new();
            for (int i = 1; i <= 3; i++)
            {
                rig.Events.Append(Numbered(i));
            }

            rig.EventFlash.CutPowerAfter(cut, mode);
            Assert.Throws<PowerCutException>(() => rig.Events.Append(Numbered(4)));
            rig.Reboot();

            int[] kept = rig.Events.Newest(EventLog.Capacity).Select(e => (int)e.Time).ToArray();
            Assert.True(kept.SequenceEqual([1, 2, 3]) || kept.SequenceEqual([1, 2, 3, 4]), $"{mode} cut {cut}: {string.Join(",", kept)}");
        }
    }

    [Fact]
    public void A_saved_log_of_more_events_than_the_ring_holds_opens_empty()
    {
        MemoryFlash roomy = new(capacity: 4096);
        byte[] payload = new byte[5 + ((EventLog.Capacity + 1) * EventRecord.Size)];
        payload[4] = EventLog.Capacity + 1;
        DurableRecord record = new(roomy);
        record.Open();
        record.Write(payload, 0, payload.Length);

        EventLog log = new(new DurableRecord(roomy));

        Assert.False(log.Open());
        Assert.Equal(0, log.Count);
    }

    /// <summary>Event number n carries n as its time, so order is easy to read back.</summary>
    private static EventRecord Numbered(int n) => new(EventKind.Unlocked, (uint)n, Samples.KeyId, 1, 0);

    private void LogNumbered(int from, int count)
    {
        for (int n = from; n < from + count; n++)
        {
            _rig.Events.Append(Numbered(n));
        }
    }

    private static int[] Numbers(EventBatch batch) => batch.Message.Events.Select(e => (int)e.Time).ToArray();

    private int[] Drain()
    {
        EventBatch batch = _rig.Events.PeekBatch()!;
        _rig.Events.Confirm(batch);
        return Numbers(batch);
    }
}
