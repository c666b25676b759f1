using ShareKey.Firmware.Board;
using ShareKey.Firmware.Configuration;
using ShareKey.Firmware.Storage;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.Support;

/// <summary>
/// A board as its device layer would build it, with every part faked: the core's three in-memory
/// flash records, an uplink that records what went up, a log. Each board's rig adds its own parts
/// and builds its controller (<see cref="Build"/>); <see cref="Reboot"/> keeps flash and the
/// hardware and builds the controller again, as a power cycle would.
/// </summary>
public abstract class BoardRig<TController>
    where TController : BoardController
{
    private readonly Func<MemoryFlash, IFlashSlots>? _feed;
    private readonly bool _noRssi;

    /// <param name="feed">When given, every flash record is written through it (a power supply that may cut a write).</param>
    /// <param name="connectionRssiUnavailable">A radio that reports no RSSI of the connected phone (no proximity gate).</param>
    protected BoardRig(TestCloud cloud, BoardConfig config, Func<MemoryFlash, IFlashSlots>? feed, bool connectionRssiUnavailable)
    {
        Cloud = cloud;
        Config = config;
        _feed = feed;
        _noRssi = connectionRssiUnavailable;
        Uplink = new RecordingUplink(cloud);
    }

    public TestCloud Cloud { get; }

    public MemoryFlash StateFlash { get; } = new(CoreParts.StateSlotBytes);

    public MemoryFlash EventFlash { get; } = new(CoreParts.EventSlotBytes);

    public MemoryFlash IdFlash { get; } = new(CoreParts.UplinkIdSlotBytes);

    public RecordingUplink Uplink { get; }

    public ListLog Log { get; } = new();

    /// <summary>The board's controller; a new one after each <see cref="Reboot"/>.</summary>
    public TController Controller { get; private set; } = null!;

    protected BoardConfig Config { get; }

    /// <summary>A power cycle: RAM and uptime gone, flash and hardware kept; the new controller is booted.</summary>
    public TController Reboot()
    {
        PowerLost();
        Controller = Build();
        Controller.Boot();
        return Controller;
    }

    /// <summary>A down message arriving on <c>sk/{id}/down</c>; returns the Ack that went up for it.</summary>
    public AckMessage Deliver(Message message)
    {
        int before = Uplink.Sent.Count;
        byte[] frame = Cloud.Down(message);
        Controller.MqttFrameReceived(frame, 0, frame.Length);
        Delivered();
        return Uplink.Sent.Skip(before).OfType<AckMessage>().Single(a => a.AckedMessageId == message.MessageId);
    }

    /// <summary>The cloud stores every Event batch published so far and sends its EventReceipt.</summary>
    public void ReceiptAll()
    {
        foreach (EventMessage batch in Uplink.Sent.OfType<EventMessage>().ToList())
        {
            byte[] frame = Cloud.Down(new EventReceiptMessage { MessageId = batch.MessageId, Count = batch.Events.Length });
            Controller.MqttFrameReceived(frame, 0, frame.Length);
        }
    }

    /// <summary>Builds the first controller (not booted); a board's rig calls it once its own parts exist.</summary>
    protected void Start() => Controller = Build();

    /// <summary>A controller over the rig's parts (fresh RAM: a new clock).</summary>
    protected abstract TController Build();

    /// <summary>The core's parts set in a board's parts object.</summary>
    protected TParts WithCore<TParts>(TParts parts)
        where TParts : CoreParts
    {
        parts.Crypto = new TestCrypto();
        parts.StateFlash = Fed(StateFlash);
        parts.EventFlash = Fed(EventFlash);
        parts.UplinkIdFlash = Fed(IdFlash);
        parts.Uplink = Uplink;
        parts.Log = Log;
        parts.ConnectionRssiUnavailable = _noRssi;
        return parts;
    }

    /// <summary>A board flash record, through the power supply when there is one.</summary>
    protected IFlashSlots Fed(MemoryFlash flash) => _feed is null ? flash : _feed(flash);

    /// <summary>After a down message was handed over (a board's rig may answer what went up).</summary>
    protected virtual void Delivered()
    {
    }

    /// <summary>What a power cut does to the board's own hardware before the reboot.</summary>
    protected virtual void PowerLost()
    {
    }
}
