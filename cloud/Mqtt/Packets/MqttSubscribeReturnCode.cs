namespace ShareKey.Mqtt.Packets;

/// <summary>One SUBACK entry (MQTT 3.1.1 §3.9.3): the granted QoS, or 0x80 for failure.</summary>
public enum MqttSubscribeReturnCode : byte
{
    GrantedQoS0 = 0x00,
    GrantedQoS1 = 0x01,
    GrantedQoS2 = 0x02,
    Failure = 0x80,
}
