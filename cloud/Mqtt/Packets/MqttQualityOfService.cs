namespace ShareKey.Mqtt.Packets;

/// <summary>Delivery guarantee (MQTT 3.1.1 §4.3). The value 3 is reserved and never valid.</summary>
public enum MqttQualityOfService : byte
{
    AtMostOnce = 0,
    AtLeastOnce = 1,
    ExactlyOnce = 2,
}
