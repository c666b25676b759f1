using ShareKey.Firmware.Configuration;
using ShareKey.Firmware.ParkingLock;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Firmware.Storage;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.ParkingLock.Support;

/// <summary>
/// A parking lock on the board rig (<see cref="BoardRig{TController}"/>), in a small world: the
/// barrier's record, a millisecond clock, the barrier's physics (<see cref="BarrierModel"/>), a
/// space a car enters and leaves (<see cref="ParkingSpace"/>), an uplink the rig acknowledges as the
/// broker would. <see cref="Run"/> moves time in 50 ms steps and calls the controller as the board
/// does: an end-stop change when the arm reaches or leaves an end, a distance reading every sample
/// interval, a tick every 100 ms. A reboot keeps flash and the world.
/// </summary>
public sealed class LockRig : BoardRig<ParkingLockController>
{
    public const int StepMs = 50;

    private int _acked;
    private uint _sinceSample;
    private uint _sinceTick;

    /// <param name="power">When given, every flash write goes through it (and it may cut one).</param>
    public LockRig(TestCloud cloud, LockSettings? settings = null, PowerSupply? power = null)
        : base(cloud, SampleConfig.Parse(SampleConfig.Text(kind: "parking-lock")), power is null ? null : power.Feed, connectionRssiUnavailable: false)
    {
        Settings = settings ?? new LockSettings();
        Start();
        Barrier.OnRaise = () =>
        {
            if (Space.CarSamples >= Settings.FilterWindow)
            {
                RaisedOntoCar++;
            }
        };
    }

    /// <summary>Raises started while a car had been over the sensor for a whole filter window: must stay 0.</summary>
    public int RaisedOntoCar { get; private set; }

    public LockSettings Settings { get; }

    public MemoryFlash BarrierFlash { get; } = new(ParkingLockParts.BarrierSlotBytes);

    public BarrierModel Barrier { get; } = new();

    public ParkingSpace Space { get; } = new();

    public LockClock Clock { get; private set; } = null!;

    /// <summary>Receipt every Event batch as the cloud would once stored (off: the test sends receipts itself).</summary>
    public bool AutoAcknowledge { get; set; } = true;

    /// <summary>Every event that went up, in order (receipted batches are not sent twice).</summary>
    public List<EventRecord> EventsUp => Uplink.OfType<EventMessage>().SelectMany(m => m.Events).ToList();

    /// <summary>A booted lock holding epoch 7, knowing the time, online, barrier raised over an empty space the filter has seen.</summary>
    public static LockRig Provisioned(TestCloud cloud, LockSettings? settings = null, PowerSupply? power = null)
    {
        LockRig rig = new(cloud, settings, power);
        rig.Controller.Boot();
        rig.Controller.MqttConnected();
        rig.Deliver(cloud.Rotate(2, 7));
        rig.Deliver(cloud.TimeSync(3, Samples.Now));
        rig.Run(3000);
        rig.Uplink.Clear();
        rig._acked = 0;
        rig.Barrier.MotorCalls.Clear();
        return rig;
    }

    /// <summary>Lets <paramref name="ms"/> milliseconds of the world pass (in <see cref="StepMs"/> steps).</summary>
    public void Run(int ms)
    {
        for (int elapsed = 0; elapsed < ms; elapsed += StepMs)
        {
            Clock.UptimeMilliseconds += StepMs;
            if (Barrier.Step(StepMs))
            {
                Controller.EndStopChanged();
            }

            _sinceSample += StepMs;
            if (_sinceSample >= Settings.SampleIntervalMs)
            {
                _sinceSample = 0;
                Controller.DistanceMeasured(Space.Read());
            }

            _sinceTick += StepMs;
            if (_sinceTick >= 100)
            {
                _sinceTick = 0;
                Controller.Tick();
            }

            Acknowledge();
        }
    }

    /// <summary>Runs until <paramref name="done"/> holds, checking every step; the time it took, or fails after <paramref name="limitMs"/>.</summary>
    public int RunUntil(Func<bool> done, int limitMs)
    {
        for (int elapsed = 0; elapsed <= limitMs; elapsed += StepMs)
        {
            if (done())
            {
                return elapsed;
            }

            Run(StepMs);
        }

        throw new Xunit.Sdk.XunitException("not reached within " + limitMs + " ms");
    }

    private void Acknowledge()
    {
        if (!AutoAcknowledge)
        {
            return;
        }

        // The cloud stores each Event batch and sends its EventReceipt; a receipt can make the lock send the next batch.
        while (_acked < Uplink.Sent.Count)
        {
            if (Uplink.Sent[_acked++] is EventMessage batch)
            {
                byte[] receipt = Cloud.Down(new EventReceiptMessage { MessageId = batch.MessageId, Count = batch.Events.Length });
                Controller.MqttFrameReceived(receipt, 0, receipt.Length);
            }
        }
    }

    /// <summary>The motor's drive is gone with the power; the arm and the car stay where they are.</summary>
    protected override void PowerLost()
    {
        Barrier.Stop();
        Barrier.MotorCalls.Clear();
    }

    protected override void Delivered() => Acknowledge();

    protected override ParkingLockController Build()
    {
        Clock = new LockClock();
        _sinceSample = 0;
        _sinceTick = 0;
        ParkingLockParts parts = WithCore(new ParkingLockParts
        {
            Clock = Clock,
            BarrierFlash = Fed(BarrierFlash),
            Motor = Barrier,
            EndStops = Barrier,
            Settings = Settings,
        });
        return new ParkingLockController(Config, parts);
    }
}
