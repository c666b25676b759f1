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

    private readonly ConcurrentDictionary<ulong, DeviceSecrets> _secrets = new();
    private readonly ConcurrentDictionary<(ulong, uint), byte[]> _epochKeys = new();

    public static Macs Macs => Tools.Macs;

    private static ProtocolTools Tools => t_tools ??= new ProtocolTools();

    public SecretSealer Sealer => sealer;

    public DeviceSecrets SecretsOf(Device device) =>
        _secrets.GetOrAdd(device.Id, static (id, state) =>
            new DeviceSecrets(new Macs(new DotNetCryptoProvider()), state.sealer.Open(state.device.RootKeySealed, SecretSealer.RootPurpose(id))), (sealer, device));

    public byte[] EpochKey(ulong deviceId, uint epoch, byte[] sealedKey)
    {
        if (_epochKeys.TryGetValue((deviceId, epoch), out var key))
        {
            return key;
        }

        return _epochKeys.GetOrAdd((deviceId, epoch), sealer.Open(sealedKey, SecretSealer.EpochPurpose(deviceId, epoch)));
    }

    public byte[] SealEpochKey(ulong deviceId, uint epoch, byte[] key) => sealer.Seal(key, SecretSealer.EpochPurpose(deviceId, epoch));

    /// <summary>A cloud → device frame with its link MAC (docs/protocol.md §2).</summary>
    public byte[] EncodeDown(Device device, Message message) => Tools.Encoder.Encode(message, SecretsOf(device).LinkDownKey);

    /// <summary>A device → cloud frame, link MAC checked first; throws ProtocolException on anything wrong.</summary>
    public Message DecodeUp(Device device, byte[] frame) => Tools.Decoder.Decode(frame, 0, frame.Length, SecretsOf(device).LinkUpKey);

    public WrappedKey Wrap(Device device, uint epoch, byte[] epochKey) =>
        KeyWrap.Wrap(Tools.Macs, SecretsOf(device), device.Id, epoch, epochKey, RandomNumberGenerator.GetBytes(WrappedKey.IvLength));

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
