using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Codec;

/// <summary>Field-by-field equality for packets, which are plain data without value equality of their own.</summary>
internal static class PacketAssert
{
    public static void Equivalent(MqttPacket expected, MqttPacket actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        // ToString prints every field except binary contents, which are compared below.
        Assert.Equal(expected.ToString(), actual.ToString());
        switch (expected, actual)
        {
            case (MqttPublishPacket e, MqttPublishPacket a):
                Assert.Equal(e.Payload.ToArray(), a.Payload.ToArray());
                break;
            case (MqttConnectPacket e, MqttConnectPacket a):
                Assert.Equal(e.Password, a.Password);
                Assert.Equal(e.Will?.Payload.ToArray(), a.Will?.Payload.ToArray());
                break;
        }
    }
}
