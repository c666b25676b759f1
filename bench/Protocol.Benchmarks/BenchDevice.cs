using ShareKey.Firmware.State;
using ShareKey.Firmware.Storage;
using ShareKey.Protocol.Crypto;

namespace ShareKey.Protocol.Benchmarks;

/// <summary>
/// The boards' own device state (firmware/Common over host memory slots) as a lock holds it when a
/// renter's phone writes its unlock: one epoch, the time known, no revocations or uses. Its RNG
/// draws the benchmark's fixed nonce, so the pre-encoded command answers every challenge.
/// </summary>
public static class BenchDevice
{
    public static DeviceKeyState Create()
    {
        var slots = new MemorySlots(DurableRecord.Overhead + DeviceKeyState.MaxSavedLength);
        var state = new DeviceKeyState(
            BenchMessages.DeviceId, new DurableRecord(slots), new StoppedUptime(), new FixedNonceCrypto(), new LockOutPolicy(5, 60, 300));
        state.Clock.AdvanceTo(BenchMessages.Now);
        state.Epochs.Install(BenchMessages.Epoch, BenchMessages.EpochKey);
        return state;
    }

    /// <summary>Uptime that stands still: the device clock stays at the benchmark's time.</summary>
    private sealed class StoppedUptime : IClock
    {
        public uint UptimeSeconds => 0;
    }

    /// <summary>The benchmark's cryptography, but the RNG always draws <see cref="BenchMessages.Nonce"/>.</summary>
    private sealed class FixedNonceCrypto : ICryptoProvider
    {
        public byte[] HmacSha256(byte[] key, byte[] data, int offset, int count) => BenchMessages.Crypto.HmacSha256(key, data, offset, count);

        public byte[] AesCbcEncrypt(byte[] key, byte[] iv, byte[] data, int offset, int count) => BenchMessages.Crypto.AesCbcEncrypt(key, iv, data, offset, count);

        public byte[] AesCbcDecrypt(byte[] key, byte[] iv, byte[] data, int offset, int count) => BenchMessages.Crypto.AesCbcDecrypt(key, iv, data, offset, count);

        public void FillRandom(byte[] buffer, int offset, int count) => Array.Copy(BenchMessages.Nonce, 0, buffer, offset, count);
    }
}
