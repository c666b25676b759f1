using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Fixtures;

/// <summary>Where brokers legitimately differ, what each one does, as observed — so the suite asserts the
/// observable behaviour of each instead of skipping.</summary>
public sealed record BrokerExpectations
{
    /// <summary>CONNACK code for a wrong password or unknown user. The spec's code is 4 (§3.2.2.3); mosquitto
    /// 2.0 answers 5 (not authorised) to a 3.1.1 client.</summary>
    public required MqttConnectReturnCode BadCredentialsReturnCode { get; init; }

    /// <summary>SUBACK code for a filter the ACL does not let the user read. Mosquitto 2.0.11 grants the QoS
    /// asked for and then filters every message on delivery; 0x80 (failure) would be the other honest answer.</summary>
    public required MqttSubscribeReturnCode ForbiddenSubscribeReturnCode { get; init; }

    /// <summary>Whether <c>+</c> matches an empty level (<c>sk/+/up</c> matches <c>sk//up</c>), as §4.7.1.3 says
    /// ("sport/+" matches "sport/"). MQTTnet 5.2 does not deliver it.</summary>
    public bool PlusMatchesEmptyLevel { get; init; } = true;

    /// <summary>Whether an unacknowledged QoS 2 PUBLISH is resent after a reconnect with its packet identifier and
    /// DUP set [MQTT-4.4.0-1], so the client can tell it from a new message. MQTTnet 5.2 sends it again under a new
    /// packet identifier without DUP, so an exactly-once client delivers it twice.</summary>
    public bool Qos2ResendKeepsPacketIdentifier { get; init; } = true;

    /// <summary>Whether <c>$share/{group}/{filter}</c> is granted (mosquitto 2.0 and ours do it for 3.1.1 clients too).
    /// MQTTnet 5.2's server answers SUBACK 0x80.</summary>
    public bool SupportsSharedSubscriptions { get; init; } = true;
}
