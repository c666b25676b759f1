using System.Security.Cryptography;
using System.Text;

namespace ShareKey.KeyService.Secrets;

/// <summary>
/// Seals device root keys and epoch keys for storage: AES-256-GCM under the master key, a fresh
/// 12-byte nonce each time. The purpose (e.g. "root/5348415245000001") is authenticated data, so a
/// sealed value copied into another row or column fails to open instead of unlocking the wrong device.
/// Layout: nonce (12) ‖ ciphertext ‖ tag (16). Thread-safe: an <see cref="AesGcm"/> instance is
/// not, so each call makes its own (a key schedule, microseconds).
/// </summary>
public sealed class SecretSealer(byte[] masterKey)
{
    private const int NonceLength = 12;
    private const int TagLength = 16;

    public static string RootPurpose(ulong deviceId) => $"root/{deviceId:x16}";

    public static string EpochPurpose(ulong deviceId, uint epoch) => $"epoch/{deviceId:x16}/{epoch}";

    public byte[] Seal(ReadOnlySpan<byte> secret, string purpose)
    {
        var sealedValue = new byte[NonceLength + secret.Length + TagLength];
        var nonce = sealedValue.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(masterKey, TagLength);
        aes.Encrypt(nonce, secret, sealedValue.AsSpan(NonceLength, secret.Length), sealedValue.AsSpan(NonceLength + secret.Length), Encoding.UTF8.GetBytes(purpose));
        return sealedValue;
    }

    /// <summary>Opens a sealed value; throws <see cref="CryptographicException"/> if it was altered, moved, or sealed under another master key.</summary>
    public byte[] Open(byte[] sealedValue, string purpose)
    {
        if (sealedValue.Length < NonceLength + TagLength)
        {
            throw new CryptographicException($"The sealed {purpose} is too short to be one.");
        }

        var secret = new byte[sealedValue.Length - NonceLength - TagLength];
        using var aes = new AesGcm(masterKey, TagLength);
        aes.Decrypt(sealedValue.AsSpan(0, NonceLength), sealedValue.AsSpan(NonceLength, secret.Length), sealedValue.AsSpan(NonceLength + secret.Length), secret, Encoding.UTF8.GetBytes(purpose));
        return secret;
    }
}
