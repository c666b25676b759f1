using System.Collections.Concurrent;
using System.Security.Cryptography;
using ShareKey.KeyService.Secrets;
using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.KeyService.Devices;

/// <summary>
/// The protocol library as the service uses it: device secrets unsealed once and cached (a root
/// key never changes, nor does an epoch's key), and frames encoded and decoded under the right
/// link keys. The protocol's Macs/encoder/decoder reuse one buffer each, so every thread gets its own.
/// </summary>
public sealed class DeviceCrypto(SecretSealer sealer)
{
    [ThreadStatic]
    private static ProtocolTools? t_tools;

    // A root key no device has, sealed like theirs: the stand-in whose password an unknown device id is checked against.
    private readonly byte[] _decoyRootSealed = sealer.Seal(RandomNumberGenerator.GetBytes(32), SecretSealer.RootPurpose(0));

    private readonly ConcurrentDictionary<ulong, DeviceSecrets> _secrets = new();
    // Keyed by the sealed value's random nonce as well: a failed rotation and its successor may both
    // name epoch n+1 with different keys, and a rolled-back seal must never shadow a stored one.
    private readonly ConcurrentDictionary<(ulong Device, uint Epoch, ulong Nonce), byte[]> _epochKeys = new();

    public static Macs Macs => Tools.Macs;

    private static ProtocolTools Tools => t_tools ??= new ProtocolTools();

    public SecretSealer Sealer => sealer;

    public DeviceSecrets SecretsOf(Device device) =>
        _secrets.GetOrAdd(device.Id, static (id, state) =>
            new DeviceSecrets(new Macs(new DotNetCryptoProvider()), state.sealer.Open(state.device.RootKeySealed, SecretSealer.RootPurpose(id))), (sealer, device));

    /// <summary>
    /// The MQTT password of <paramref name="device"/>, or of a decoy when it is null, unsealed and derived afresh
    /// each time (never from the cache): a login for an unknown device id then takes the same steps, and about the
    /// same time, as one for a real device with a wrong password.
    /// </summary>
    public string FreshMqttPassword(Device? device)
    {
        var rootKey = device is null
            ? sealer.Open(_decoyRootSealed, SecretSealer.RootPurpose(0))
            : sealer.Open(device.RootKeySealed, SecretSealer.RootPurpose(device.Id));
        return new DeviceSecrets(new Macs(new DotNetCryptoProvider()), rootKey).MqttPassword;
    }

    public byte[] EpochKey(ulong deviceId, uint epoch, byte[] sealedKey)
    {
        var cacheKey = (deviceId, epoch, NonceOf(sealedKey));
        if (_epochKeys.TryGetValue(cacheKey, out var key))
        {
            return key;
        }

        return _epochKeys.GetOrAdd(cacheKey, sealer.Open(sealedKey, SecretSealer.EpochPurpose(deviceId, epoch)));
    }

    /// <summary>Seals a new epoch key for storage, and keeps it at hand: the Rotate that carries it is wrapped next.</summary>
    public byte[] SealEpochKey(ulong deviceId, uint epoch, byte[] key)
    {
        var sealedKey = sealer.Seal(key, SecretSealer.EpochPurpose(deviceId, epoch));
        _epochKeys[(deviceId, epoch, NonceOf(sealedKey))] = key;
        return sealedKey;
    }

    /// <summary>A cloud → device frame with its link MAC (docs/protocol.md §2).</summary>
    public byte[] EncodeDown(Device device, Message message) => Tools.Encoder.Encode(message, SecretsOf(device).LinkDownKey);

    /// <summary>A device → cloud frame, link MAC checked first; throws ProtocolException on anything wrong.</summary>
    public Message DecodeUp(Device device, byte[] frame) => Tools.Decoder.DecodeUp(frame, 0, frame.Length, SecretsOf(device).LinkUpKey);

    public WrappedKey Wrap(Device device, uint epoch, byte[] epochKey) =>
        KeyWrap.Wrap(Tools.Macs, SecretsOf(device), device.Id, epoch, epochKey, RandomNumberGenerator.GetBytes(WrappedKey.IvLength));

    private static ulong NonceOf(byte[] sealedKey) => sealedKey.Length >= 8 ? BitConverter.ToUInt64(sealedKey, 0) : 0;

    private sealed class ProtocolTools
    {
        public readonly Macs Macs = new(new DotNetCryptoProvider());
        public readonly MessageEncoder Encoder;
        public readonly MessageDecoder Decoder;

        public ProtocolTools()
        {
            Encoder = new MessageEncoder(Macs);
            Decoder = new MessageDecoder(Macs);
        }
    }
}
