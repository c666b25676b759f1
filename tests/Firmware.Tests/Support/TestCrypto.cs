using ShareKey.Protocol.Crypto;

namespace ShareKey.Firmware.Tests.Support;

/// <summary>
/// The host's HMAC and AES with a predictable "RNG": each call fills with a running counter, so
/// nonces differ from call to call and a test can name the next one in advance.
/// </summary>
public sealed class TestCrypto : ICryptoProvider
{
    private readonly DotNetCryptoProvider _real = new();
    private byte _counter;

    public int RandomCalls { get; private set; }

    /// <summary>HMACs computed so far: on the board they are what a message costs.</summary>
    public int Hmacs { get; private set; }

    public byte[] HmacSha256(byte[] key, byte[] data, int offset, int count)
    {
        Hmacs++;
        return _real.HmacSha256(key, data, offset, count);
    }

    public byte[] AesCbcEncrypt(byte[] key, byte[] iv, byte[] data, int offset, int count) => _real.AesCbcEncrypt(key, iv, data, offset, count);

    public byte[] AesCbcDecrypt(byte[] key, byte[] iv, byte[] data, int offset, int count) => _real.AesCbcDecrypt(key, iv, data, offset, count);

    public void FillRandom(byte[] buffer, int offset, int count)
    {
        RandomCalls++;
        for (int i = 0; i < count; i++)
        {
            buffer[offset + i] = _counter++;
        }
    }
}
