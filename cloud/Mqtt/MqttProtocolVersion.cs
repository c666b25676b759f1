namespace ShareKey.Mqtt;

/// <summary>
/// The CONNECT protocol level. Only 3.1.1 is implemented; the level travels through the codec so that 5.0
/// (level 5) can be added per packet method without changing the encoder/decoder shape.
/// </summary>
public enum MqttProtocolVersion : byte
{
    V311 = 4,
}
