using ShareKey.Firmware.Downlink;
using ShareKey.Firmware.Events;
using ShareKey.Firmware.State;
using ShareKey.Firmware.Storage;
using ShareKey.Firmware.Unlock;
using ShareKey.Protocol.Security;

namespace ShareKey.Firmware.Tests.Support;

/// <summary>
/// The sample device's portable core over in-memory flash, with a clock and RNG the test drives.
/// <see cref="Reboot"/> throws the RAM away and builds the device again from the same flash, as a
/// power cycle would.
/// </summary>
public sealed class DeviceRig
{
    public static readonly LockOutPolicy DefaultLockOut = new(maxFailures: 3, windowSeconds: 60, lockSeconds: 300);

    private readonly LockOutPolicy _lockOut;
    private readonly bool _boardParts;

    /// <param name="boardParts">false for a board with neither a remote-lock part nor VIN binding.</param>
    public DeviceRig(LockOutPolicy? lockOut = null, ulong deviceId = Samples.DeviceId, bool boardParts = true)
    {
        _lockOut = lockOut ?? DefaultLockOut;
        _boardParts = boardParts;
        DeviceId = deviceId;
        Flash = new MemoryFlash(DurableRecord.Overhead + DeviceKeyState.MaxSavedLength);
        EventFlash = new MemoryFlash(DurableRecord.Overhead + EventLog.MaxSavedLength);
        Boot();
    }

    /// <summary>A device that holds epoch 7 (message 1), knows the time (message 2) and hears a phone close by.</summary>
    public static DeviceRig Provisioned(TestCloud cloud, LockOutPolicy? lockOut = null)
    {
        DeviceRig rig = new(lockOut);
        rig.Downlink.Handle(cloud.Rotate(1, 7));
        rig.Downlink.Handle(cloud.TimeSync(2, Samples.Now));
        rig.Signal(-50, -50, -50);
        return rig;
    }

    public ulong DeviceId { get; private set; }

    /// <summary>The key state's two slots.</summary>
    public MemoryFlash Flash { get; }

    /// <summary>The event log's two slots.</summary>
    public MemoryFlash EventFlash { get; }

    /// <summary>What the board's RemoteLock part saw; the status it answers can be set.</summary>
    public RecordingRemoteLock RemoteLock { get; } = new();

    public RecordingBindResult BindResult { get; } = new();

    public FakeClock Clock { get; private set; } = null!;

    public TestCrypto Crypto { get; private set; } = null!;

    public Macs Macs { get; private set; } = null!;

    public DeviceKeyState State { get; private set; } = null!;

    public DownlinkHandler Downlink { get; private set; } = null!;

    public EventLog Events { get; private set; } = null!;

    /// <summary>Near at -70 dBm or better, median of 3 samples.</summary>
    public ProximityFilter Proximity { get; private set; } = null!;

    public UnlockSession Session { get; private set; } = null!;

    /// <summary>True when the last boot found a saved state.</summary>
    public bool Restored { get; private set; }

    /// <summary>A power cycle: uptime starts from zero, RAM is gone, flash is kept.</summary>
    public DeviceKeyState Reboot(ulong? deviceId = null)
    {
        DeviceId = deviceId ?? DeviceId;
        Boot();
        return State;
    }

    private void Boot()
    {
        Clock = new FakeClock();
        Crypto = new TestCrypto();
        Macs = new Macs(Crypto);
        DeviceSecrets secrets = new(Macs, Samples.RootKey);
        State = new DeviceKeyState(DeviceId, new DurableRecord(Flash), Clock, Crypto, _lockOut);
        Restored = State.Open();
        Events = new EventLog(new DurableRecord(EventFlash));
        Events.Open();
        Downlink = new DownlinkHandler(State, Macs, secrets, _boardParts ? RemoteLock : null!, _boardParts ? BindResult : null!);
        Proximity = new ProximityFilter(thresholdDbm: -70, window: 3);
        Session = new UnlockSession(State, Macs, secrets, Events, Proximity);
    }

    /// <summary>The phone's signal, as the board's BLE stack reports it, sample after sample.</summary>
    public void Signal(params int[] rssiDbm)
    {
        foreach (int rssi in rssiDbm)
        {
            Proximity.Add(rssi);
        }
    }
}
