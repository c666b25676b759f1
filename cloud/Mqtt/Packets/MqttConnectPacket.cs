namespace ShareKey.Mqtt.Packets;

/// <summary>CONNECT (MQTT 3.1.1 §3.1): the first packet a client sends.</summary>
public sealed class MqttConnectPacket : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Connect;

    public MqttProtocolVersion ProtocolVersion { get; init; } = MqttProtocolVersion.V311;
    public string ClientId { get; init; } = "";
    public bool CleanSession { get; init; } = true;
    /// <summary>Seconds; 0 turns the keep-alive mechanism off (§3.1.2.10).</summary>
    public ushort KeepAliveSeconds { get; init; }
    public MqttWill? Will { get; init; }
    public string? Username { get; init; }
    /// <summary>Binary data (§3.1.3.5); null when the password flag is clear.</summary>
    public byte[]? Password { get; init; }

    // The password is a secret: only its presence is printed.
    public override string ToString() =>
        $"Connect(ClientId={ClientId}, Level={(int)ProtocolVersion}, CleanSession={CleanSession}, " +
        $"KeepAlive={KeepAliveSeconds}, Will={Will?.ToString() ?? "none"}, Username={Username ?? "none"}, " +
        $"Password={(Password is null ? "none" : "set")})";
}
