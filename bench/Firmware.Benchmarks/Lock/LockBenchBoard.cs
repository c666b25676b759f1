using ShareKey.Firmware.ParkingLock;

namespace ShareKey.Firmware.Benchmarks.Lock;

/// <summary>
/// A parking lock as its device layer builds it — the real <see cref="ParkingLockController"/> —
/// with host parts: in-memory flash, the counting crypto engine, an instant arm, a bench clock.
/// Provisioned the way the cloud provisions a lock (epoch installed, clock set; a lock has no VIN,
/// so the BindResult is answered unsupported), then taken offline.
/// </summary>
public sealed class LockBenchBoard
{
    public LockBenchBoard(BenchCloud cloud, LockSettings? settings = null)
    {
        Controller = new ParkingLockController(cloud.Config("parking-lock"), new ParkingLockParts
        {
            Crypto = Crypto,
            Clock = Hardware,
            StateFlash = Flash[0],
            EventFlash = Flash[1],
            UplinkIdFlash = Flash[2],
            BarrierFlash = Flash[3],
            Motor = Hardware,
            EndStops = Hardware,
            Uplink = Uplink,
            Log = Hardware,
            Settings = settings ?? new LockSettings(),
        });
        BenchProvisioning.Provision(Controller, Uplink, cloud, stayOnline: false);
        if (Controller.Status().ActiveEpoch != BenchCloud.Epoch)
        {
            throw new InvalidOperationException("the benchmark lock did not take its provisioning");
        }
    }

    public ParkingLockController Controller { get; }

    public CountingCrypto Crypto { get; } = new(new FixedNonceCrypto());

    public LockBenchHardware Hardware { get; } = new();

    public BenchUplink Uplink { get; } = new();

    /// <summary>The four records: key state, events, uplink ids, barrier.</summary>
    public BenchFlash[] Flash { get; } =
    [
        new(ParkingLockParts.StateSlotBytes),
        new(ParkingLockParts.EventSlotBytes),
        new(ParkingLockParts.UplinkIdSlotBytes),
        new(ParkingLockParts.BarrierSlotBytes),
    ];

    public long FlashWrites => Flash.Sum(f => f.Writes);

    public long FlashBytes => Flash.Sum(f => f.BytesWritten);
}
