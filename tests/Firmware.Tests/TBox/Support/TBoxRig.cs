using ShareKey.Firmware.Configuration;
using ShareKey.Firmware.TBox;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.TBox.Support;

/// <summary>
/// A T-BOX on the board rig (<see cref="BoardRig{TController}"/>): the vehicle record, a clock the
/// test moves, relays, PEPS and modem.
/// </summary>
public sealed class TBoxRig : BoardRig<TBoxController>
{
    public TBoxRig(TestCloud cloud, BoardConfig? config = null, bool connectionRssiUnavailable = false)
        : base(cloud, config ?? SampleConfig.TBox(), feed: null, connectionRssiUnavailable)
    {
        Start();
    }

    public MemoryFlash VehicleFlash { get; } = new(TBoxParts.VehicleSlotBytes);

    public FakeRelays Relays { get; } = new();

    public FakeVehicleBus Bus { get; } = new();

    public FakeClock Clock { get; private set; } = null!;

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

    /// <summary>Moves uptime on and lets the controller do what is due.</summary>
    public void Advance(uint seconds)
    {
        Clock.Advance(seconds);
        Controller.Tick();
    }

    protected override TBoxController Build()
    {
        Clock = new FakeClock();
        TBoxParts parts = WithCore(new TBoxParts
        {
            Uptime = Clock,
            VehicleFlash = VehicleFlash,
            Relays = Relays,
            Peps = Bus,
            Modem = Bus,
        });
        return new TBoxController(Config, parts);
    }
}
