using ShareKey.Protocol.Crypto;

namespace ShareKey.Firmware.Benchmarks;

/// <summary>
/// Counts what the board's crypto engine is asked for. The controller builds its own MAC engine
/// from the provider it is given, so this wrapper is where every HMAC the T-BOX computes can be
/// seen — and on the board HMACs are what an unlock's time is made of.
/// </summary>
public sealed class CountingCrypto(ICryptoProvider inner) : ICryptoProvider
{
    public long Hmacs { get; private set; }

    public long RandomFills { get; private set; }

    public byte[] HmacSha256(byte[] key, byte[] data, int offset, int count)
    {
        Hmacs++;
        return inner.HmacSha256(key, data, offset, count);
    }

    public byte[] AesCbcEncrypt(byte[] key, byte[] iv, byte[] data, int offset, int count) => inner.AesCbcEncrypt(key, iv, data, offset, count);

    public byte[] AesCbcDecrypt(byte[] key, byte[] iv, byte[] data, int offset, int count) => inner.AesCbcDecrypt(key, iv, data, offset, count);

    public void FillRandom(byte[] buffer, int offset, int count)
    {
        RandomFills++;
        inner.FillRandom(buffer, offset, count);
    }
}
