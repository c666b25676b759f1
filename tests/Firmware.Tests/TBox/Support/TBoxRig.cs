using ShareKey.Firmware.Configuration;
using ShareKey.Firmware.TBox;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.TBox.Support;

/// <summary>
/// A T-BOX as its device layer would build it, with every part faked: four in-memory flash
/// records, a clock the test moves, relays, PEPS and modem, an uplink that records what went up.
/// <see cref="Reboot"/> keeps flash and the car's parts, and builds the controller again.
/// </summary>
public sealed class TBoxRig
{
    private readonly BoardConfig _config;

    private readonly bool _noRssi;

    public TBoxRig(TestCloud cloud, BoardConfig? config = null, bool connectionRssiUnavailable = false)
    {
        Cloud = cloud;
        _noRssi = connectionRssiUnavailable;
        _config = config ?? SampleConfig.TBox();
        Uplink = new RecordingUplink(cloud);
        Controller = Build();
    }

    public TestCloud Cloud { get; }

    public MemoryFlash StateFlash { get; } = new(TBoxParts.StateSlotBytes);

    public MemoryFlash EventFlash { get; } = new(TBoxParts.EventSlotBytes);

    public MemoryFlash IdFlash { get; } = new(TBoxParts.UplinkIdSlotBytes);

    public MemoryFlash VehicleFlash { get; } = new(TBoxParts.VehicleSlotBytes);

    public FakeRelays Relays { get; } = new();

    public FakeVehicleBus Bus { get; } = new();

    public RecordingUplink Uplink { get; }

    public ListLog Log { get; } = new();

    public FakeClock Clock { get; private set; } = null!;

    public TBoxController Controller { get; private set; }

    /// <summary>A booted T-BOX already bound (its binding settled and forgotten), holding epoch 7, knowing the time, online.</summary>
    public static TBoxRig Provisioned(TestCloud cloud)
    {
        TBoxRig rig = new(cloud);
        rig.Controller.Boot();
        rig.Controller.MqttConnected();
        rig.Deliver(new BindResultMessage { MessageId = 1, Outcome = BindOutcome.Bound, Vin = FakeVehicleBus.GoodVin });
        rig.Deliver(cloud.Rotate(2, 7));
        rig.Deliver(cloud.TimeSync(3, Samples.Now));
        rig.Uplink.Clear();
        return rig;
    }

    /// <summary>A power cycle: RAM and uptime gone, flash and hardware kept; the new controller is booted.</summary>
    public TBoxController Reboot()
    {
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
        return Uplink.Sent.Skip(before).OfType<AckMessage>().Single(a => a.AckedMessageId == message.MessageId);
    }

    /// <summary>Moves uptime on and lets the controller do what is due.</summary>
    public void Advance(uint seconds)
    {
        Clock.Advance(seconds);
        Controller.Tick();
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

    private TBoxController Build()
    {
        Clock = new FakeClock();
        TBoxParts parts = new()
        {
            Crypto = new TestCrypto(),
            Uptime = Clock,
            StateFlash = StateFlash,
            EventFlash = EventFlash,
            UplinkIdFlash = IdFlash,
            VehicleFlash = VehicleFlash,
            Relays = Relays,
            Peps = Bus,
            Modem = Bus,
            Uplink = Uplink,
            Log = Log,
            ConnectionRssiUnavailable = _noRssi,
        };
        return new TBoxController(_config, parts);
    }
}
