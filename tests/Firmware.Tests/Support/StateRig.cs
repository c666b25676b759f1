using ShareKey.Firmware.State;
using ShareKey.Firmware.Storage;

namespace ShareKey.Firmware.Tests.Support;

/// <summary>
/// A device's key state over in-memory flash, with a clock and RNG the test drives.
/// <see cref="Reboot"/> throws the RAM away and opens the state again from the same flash.
/// </summary>
public sealed class StateRig
{
    public static readonly LockOutPolicy DefaultLockOut = new(maxFailures: 3, windowSeconds: 60, lockSeconds: 300);

    private readonly LockOutPolicy _lockOut;

    public StateRig(LockOutPolicy? lockOut = null, ulong deviceId = Samples.DeviceId)
    {
        _lockOut = lockOut ?? DefaultLockOut;
        DeviceId = deviceId;
        Flash = new MemoryFlash(DurableRecord.Overhead + DeviceKeyState.MaxSavedLength);
        Boot();
    }

    public ulong DeviceId { get; private set; }

    public MemoryFlash Flash { get; }

    public FakeClock Clock { get; private set; } = null!;

    public TestCrypto Crypto { get; private set; } = null!;

    public DeviceKeyState State { get; private set; } = null!;

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
        State = new DeviceKeyState(DeviceId, new DurableRecord(Flash), Clock, Crypto, _lockOut);
        Restored = State.Open();
    }
}
