using System.Text;
using ShareKey.Firmware.Configuration;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tokens;

namespace ShareKey.Firmware.Benchmarks;

/// <summary>
/// The cloud's side of the one benchmark car, built with <c>shared/Protocol</c> as the KeyService
/// builds it: the board configuration file, the down frames that provision the car (bound, epoch
/// key wrapped under its root key, time), and the tokens and holder secrets it issues to phones.
/// One key is revoked by the Rotate, so a refused unlock can present a token that is otherwise valid.
/// </summary>
public sealed class BenchCloud
{
    public const ulong DeviceId = 0x5348415245000001;
    public const ulong KeyId = 0x4B45590000000001;
    public const ulong RevokedKeyId = 0x4B45590000000002;
    public const uint Epoch = 1;

    /// <summary>The device time the cloud sets; tokens are valid from a minute before it for a year.</summary>
    public const uint Now = 1_800_000_000;

    /// <summary>What the car's PEPS module and modem answer (a VIN with a valid check digit).</summary>
    public const string Vin = "1M8GDM9AXKP042788";
    public const string Imsi = "310150123456789";

    private static readonly byte[] RootKey = Bytes(0x00);
    private static readonly byte[] EpochKey = Bytes(0x40);

    private readonly MessageEncoder _encoder;

    public BenchCloud()
    {
        Macs = new Macs(new DotNetCryptoProvider());
        Secrets = new DeviceSecrets(Macs, RootKey);
        _encoder = new MessageEncoder(Macs);
    }

    public Macs Macs { get; }

    public DeviceSecrets Secrets { get; }

    /// <summary>The board's configuration file as <c>sharekey device provision</c> writes it (a T-BOX, or <paramref name="kind"/> "parking-lock"), parsed by the firmware's own parser.</summary>
    public BoardConfig Config(string kind = "tbox")
    {
        var id = Hex.OfId(DeviceId);
        string[] lines =
        [
            "format=1",
            $"device.id={id}",
            $"device.kind={kind}",
            kind == "tbox" ? "device.name=bench-car" : "device.name=bench-lock",
            $"device.root-key={Hex.Of(RootKey)}",
            "mqtt.host=127.0.0.1",
            "mqtt.port=1883",
            "mqtt.tls=false",
            $"mqtt.client-id={id}",
            $"mqtt.username={id}",
            $"mqtt.password={Secrets.MqttPassword}",
            $"mqtt.topic-up=sk/{id}/up",
            $"mqtt.topic-down=sk/{id}/down",
            "wifi.ssid=",
            "wifi.password=",
        ];
        var bytes = Encoding.ASCII.GetBytes(string.Join('\n', lines) + "\n");
        return BoardConfig.Parse(bytes, bytes.Length);
    }

    /// <summary>What the cloud sends a new car, in order, as frames for <c>sk/{id}/down</c>: bind it, install the epoch (revoking <see cref="RevokedKeyId"/>), set its clock.</summary>
    public IReadOnlyList<byte[]> ProvisioningFrames() =>
    [
        Down(new BindResultMessage { MessageId = 1, Outcome = BindOutcome.Bound, Vin = Vin }),
        Down(new RotateMessage
        {
            MessageId = 2,
            Epoch = Epoch,
            WrappedKey = KeyWrap.Wrap(Macs, Secrets, DeviceId, Epoch, EpochKey, Bytes(0xC0, 16)),
            RevokedKeyIds = [RevokedKeyId],
        }),
        Down(new TimeSyncMessage { MessageId = 3, DeviceId = DeviceId, Time = Now, Mac = Macs.TimeMac(Secrets.TimeKey, DeviceId, Now) }),
    ];

    /// <summary>A token for <paramref name="keyId"/> tagged under the epoch key: unlock, lock and start, unlimited uses.</summary>
    public KeyToken Token(ulong keyId)
    {
        var token = new KeyToken
        {
            DeviceId = DeviceId,
            KeyId = keyId,
            Epoch = Epoch,
            HolderId = 0x5553455200000001,
            Permissions = Permissions.Unlock | Permissions.Lock | Permissions.Start,
            NotBefore = Now - 60,
            NotAfter = Now + (365 * 86400),
        };
        token.Tag = Macs.TokenTag(EpochKey, token);
        return token;
    }

    /// <summary>The holder secret S the cloud hands the phone with the token.</summary>
    public byte[] HolderSecret(KeyToken token) => Macs.HolderSecret(EpochKey, token.DeviceId, token.KeyId);

    /// <summary>The cloud's answer once it has stored an Event batch (docs/protocol.md §4.14).</summary>
    public byte[] EventReceipt(uint batchMessageId, int count) => Down(new EventReceiptMessage { MessageId = batchMessageId, Count = count });

    private byte[] Down(Message message) => _encoder.Encode(message, Secrets.LinkDownKey);

    private static byte[] Bytes(int start, int count = 32) => Enumerable.Range(start, count).Select(i => (byte)i).ToArray();
}
