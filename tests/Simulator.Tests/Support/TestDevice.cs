using System.Security.Cryptography;
using System.Text;
using ShareKey.Firmware.Configuration;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Security;

namespace ShareKey.Simulator.Tests.Support;

/// <summary>
/// What the cloud knows about one provisioned car: its id, root key and derived secrets, the epoch
/// keys it minted — and the board configuration file provisioning would have written for it.
/// </summary>
public sealed class TestDevice
{
    private static readonly DotNetCryptoProvider Crypto = new();

    /// <summary>A fresh MAC calculator: <see cref="Macs"/> reuses a buffer, so tests running in parallel must not share one.</summary>
    public static Macs Macs => new(Crypto);

    private readonly Dictionary<uint, byte[]> _epochKeys = [];
    private int _downIds;

    public TestDevice(ulong deviceId)
    {
        DeviceId = deviceId;
        RootKey = RandomNumberGenerator.GetBytes(32);
        Secrets = new DeviceSecrets(Macs, RootKey);
    }

    public ulong DeviceId { get; }

    public string Id => Hex.OfId(DeviceId);

    public byte[] RootKey { get; }

    public DeviceSecrets Secrets { get; }

    /// <summary>The next down-message id: the cloud numbers a device's down messages increasingly (docs/protocol.md §9.5).</summary>
    public uint NextDownId() => (uint)Interlocked.Increment(ref _downIds);

    /// <summary>E(n), made the first time it is asked for, as the cloud mints it.</summary>
    public byte[] EpochKey(uint epoch)
    {
        lock (_epochKeys)
        {
            if (!_epochKeys.TryGetValue(epoch, out byte[]? key))
            {
                key = RandomNumberGenerator.GetBytes(32);
                _epochKeys[epoch] = key;
            }

            return key;
        }
    }

    /// <summary>The board configuration file for this device (a car's T-BOX, or a parking lock with <paramref name="kind"/> "parking-lock"), pointing at <paramref name="port"/> on loopback.</summary>
    public string ConfigText(int port, string extra = "", string kind = "tbox") => $"""
        # written for a simulator test
        format=1
        device.id={Id}
        device.kind={kind}
        device.name={(kind == "tbox" ? "car" : "lock")}-{Id[^4..]}
        device.root-key={Hex.Of(RootKey)}
        mqtt.host=127.0.0.1
        mqtt.port={port}
        mqtt.tls=false
        mqtt.client-id={Id}
        mqtt.username={Id}
        mqtt.password={Secrets.MqttPassword}
        mqtt.topic-up=sk/{Id}/up
        mqtt.topic-down=sk/{Id}/down
        {extra}
        """;

    public BoardConfig Config(int port, string extra = "", string kind = "tbox")
    {
        byte[] bytes = Encoding.ASCII.GetBytes(ConfigText(port, extra, kind).Replace("\r\n", "\n", StringComparison.Ordinal));
        return BoardConfig.Parse(bytes, bytes.Length);
    }
}
