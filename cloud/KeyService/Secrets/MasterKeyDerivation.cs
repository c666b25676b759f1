using System.Security.Cryptography;
using System.Text;

namespace ShareKey.KeyService.Secrets;

/// <summary>
/// The master key is never used as a key itself: each purpose gets its own key, derived with
/// HKDF-SHA256 (RFC 5869) under a label naming it, so the AES-GCM sealing key and the key the
/// service's MQTT password comes from are unrelated as far as either primitive can tell.
/// </summary>
public sealed class MasterKeyDerivation
{
    public const string SealingLabel = "sharekey/v1/seal";
    public const string BrokerServiceLabel = "sharekey/v1/mqtt-service-account";

    public MasterKeyDerivation(byte[] masterKey)
    {
        if (masterKey.Length != MasterKey.Length)
        {
            throw new ArgumentException($"A master key has {MasterKey.Length} bytes, not {masterKey.Length}.", nameof(masterKey));
        }

        SealingKey = Derive(masterKey, SealingLabel);
        BrokerServiceKey = Derive(masterKey, BrokerServiceLabel);
    }

    /// <summary>The AES-256-GCM key stored device keys are sealed under (<see cref="SecretSealer"/>).</summary>
    public byte[] SealingKey { get; }

    /// <summary>The key the service's own MQTT password is derived from.</summary>
    public byte[] BrokerServiceKey { get; }

    private static byte[] Derive(byte[] masterKey, string label) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, MasterKey.Length, salt: [], info: Encoding.ASCII.GetBytes(label));
}
