using ShareKey.Firmware.TBox;

namespace ShareKey.Firmware.Benchmarks;

/// <summary>
/// A T-BOX as its device layer builds it — the real <see cref="TBoxController"/> over the portable
/// logic — with host parts: in-memory flash, the counting crypto engine, relays, PEPS and modem.
/// Booted and provisioned the way the cloud provisions a car (bound, epoch installed, clock set),
/// then left online or offline.
/// </summary>
public sealed class BenchBoard
{
    public BenchBoard(BenchCloud cloud, bool online)
    {
        Controller = new TBoxController(cloud.Config(), new TBoxParts
        {
            Crypto = Crypto,
            Uptime = Hardware,
            StateFlash = Flash[0],
            EventFlash = Flash[1],
            UplinkIdFlash = Flash[2],
            VehicleFlash = Flash[3],
            Relays = Hardware,
            Peps = Hardware,
            Modem = Hardware,
            Uplink = Uplink,
            Log = Hardware,
        });
        BenchProvisioning.Provision(Controller, Uplink, cloud, stayOnline: online);

        if (Controller.Status().ActiveEpoch != BenchCloud.Epoch || Controller.Status().BindPending)
        {
            throw new InvalidOperationException("the benchmark car did not take its provisioning");
        }
    }

    public TBoxController Controller { get; }

    public CountingCrypto Crypto { get; } = new(new FixedNonceCrypto());

    public BenchHardware Hardware { get; } = new();

    public BenchUplink Uplink { get; } = new();

    /// <summary>The four records: key state, events, uplink ids, vehicle.</summary>
    public BenchFlash[] Flash { get; } =
    [
        new(TBoxParts.StateSlotBytes),
        new(TBoxParts.EventSlotBytes),
        new(TBoxParts.UplinkIdSlotBytes),
        new(TBoxParts.VehicleSlotBytes),
    ];

    public long FlashWrites => Flash.Sum(f => f.Writes);

    public long FlashBytes => Flash.Sum(f => f.BytesWritten);
}
