using ShareKey.Protocol.Crypto;

namespace ShareKey.Firmware.Benchmarks;

/// <summary>
/// The host's HMAC and AES with an "RNG" that always gives the same bytes, so every challenge
/// carries the same nonce and the phone's Command for it can be made once, outside the measured
/// operation (the phone's MAC is not the car's work). The board's RNG is a hardware register; the
/// host RNG's cost is left out with it.
/// </summary>
public sealed class FixedNonceCrypto : ICryptoProvider
{
    private readonly DotNetCryptoProvider _host = new();

    public byte[] HmacSha256(byte[] key, byte[] data, int offset, int count) => _host.HmacSha256(key, data, offset, count);

    public byte[] AesCbcEncrypt(byte[] key, byte[] iv, byte[] data, int offset, int count) => _host.AesCbcEncrypt(key, iv, data, offset, count);

    public byte[] AesCbcDecrypt(byte[] key, byte[] iv, byte[] data, int offset, int count) => _host.AesCbcDecrypt(key, iv, data, offset, count);

    public void FillRandom(byte[] buffer, int offset, int count)
    {
        for (var i = 0; i < count; i++)
        {
            buffer[offset + i] = (byte)(0xA5 ^ i);
        }
    }
}
