using FsCheck;
using FsCheck.Fluent;
using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Tests.Codec;

/// <summary>FsCheck generators for valid packets of every type, including awkward but legal content.</summary>
internal static class PacketGenerators
{
    // Level characters: ASCII, a space, '$', two-byte, three-byte and four-byte (surrogate pair) UTF-8.
    private static readonly string[] LevelPieces = ["a", "b", "Z", "0", " ", "$", "ä", "€", "\U0001F600", "-"];

    public static Arbitrary<MqttPacket> AnyPacket => Packet.ToArbitrary();

    public static Gen<MqttPacket> Packet => Gen.OneOf(
        Connect.Select(p => (MqttPacket)p),
        ConnAck.Select(p => (MqttPacket)p),
        Publish.Select(p => (MqttPacket)p),
        Identifier.Select(id => (MqttPacket)new MqttPubAckPacket { PacketIdentifier = id }),
        Identifier.Select(id => (MqttPacket)new MqttPubRecPacket { PacketIdentifier = id }),
        Identifier.Select(id => (MqttPacket)new MqttPubRelPacket { PacketIdentifier = id }),
        Identifier.Select(id => (MqttPacket)new MqttPubCompPacket { PacketIdentifier = id }),
        Subscribe.Select(p => (MqttPacket)p),
        SubAck.Select(p => (MqttPacket)p),
        Unsubscribe.Select(p => (MqttPacket)p),
        Identifier.Select(id => (MqttPacket)new MqttUnsubAckPacket { PacketIdentifier = id }),
        Gen.Elements<MqttPacket>(MqttPingReqPacket.Instance, MqttPingRespPacket.Instance, MqttDisconnectPacket.Instance));

    private static Gen<ushort> Identifier => Gen.Choose(1, ushort.MaxValue).Select(i => (ushort)i);

    private static Gen<MqttQualityOfService> Qos => Gen.Choose(0, 2).Select(i => (MqttQualityOfService)i);

    private static Gen<bool> Bool => Gen.Elements(true, false);

    private static Gen<byte[]> Bytes(int max) =>
        from length in Gen.Choose(0, max)
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length)
        select bytes;

    private static Gen<string> Text(int maxPieces) =>
        from count in Gen.Choose(0, maxPieces)
        from pieces in Gen.ArrayOf(Gen.Elements(LevelPieces), count)
        select string.Concat(pieces);

    private static Gen<string> TopicName =>
        from count in Gen.Choose(1, 4)
        from levels in Gen.ArrayOf(Text(4), count)
        select levels.Length == 1 && levels[0].Length == 0 ? "t" : string.Join('/', levels);

    private static Gen<string> PlainFilter =>
        from count in Gen.Choose(1, 4)
        from levels in Gen.ArrayOf(Gen.Frequency((3, Text(3)), (1, Gen.Constant("+"))), count)
        from multiLevel in Bool
        let joined = string.Join('/', levels)
        select multiLevel ? (joined.Length == 0 ? "#" : joined + "/#") : (joined.Length == 0 ? "+" : joined);

    private static Gen<string> Filter => Gen.Frequency(
        (4, PlainFilter),
        (1, from filter in PlainFilter
            from groupCount in Gen.Choose(1, 3)
            from share in Gen.ArrayOf(Gen.Elements("g", "x", "ä", "1"), groupCount)
            select $"$share/{string.Concat(share)}/{filter}"));

    private static Gen<MqttConnectPacket> Connect =>
        from clientId in Text(6)
        from clean in Bool
        from keepAlive in Gen.Choose(0, ushort.MaxValue)
        from hasWill in Bool
        from willTopic in TopicName
        from willPayload in Bytes(20)
        from willQos in Qos
        from willRetain in Bool
        from hasUsername in Bool
        from username in Text(4)
        from hasPassword in Bool
        from password in Bytes(20)
        select new MqttConnectPacket
        {
            ClientId = clientId,
            CleanSession = clean,
            KeepAliveSeconds = (ushort)keepAlive,
            Will = hasWill ? new MqttWill { Topic = willTopic, Payload = willPayload, QualityOfService = willQos, Retain = willRetain } : null,
            Username = hasUsername ? username : null,
            Password = hasUsername && hasPassword ? password : null,
        };

    private static Gen<MqttConnAckPacket> ConnAck =>
        from code in Gen.Choose(0, 5)
        from present in Bool
        select new MqttConnAckPacket { ReturnCode = (MqttConnectReturnCode)code, SessionPresent = code == 0 && present };

    private static Gen<MqttPublishPacket> Publish =>
        from topic in TopicName
        from qos in Qos
        from id in Identifier
        from dup in Bool
        from retain in Bool
        from payload in Gen.Frequency((9, Bytes(40)), (1, Bytes(300)))
        select new MqttPublishPacket
        {
            Topic = topic,
            QualityOfService = qos,
            PacketIdentifier = qos == MqttQualityOfService.AtMostOnce ? (ushort)0 : id,
            Dup = qos != MqttQualityOfService.AtMostOnce && dup,
            Retain = retain,
            Payload = payload,
        };

    private static Gen<MqttSubscribePacket> Subscribe =>
        from id in Identifier
        from count in Gen.Choose(1, 4)
        from filters in Gen.ArrayOf(Filter, count)
        from qos in Gen.ArrayOf(Qos, count)
        select new MqttSubscribePacket
        {
            PacketIdentifier = id,
            Subscriptions = filters.Zip(qos, (f, q) => new MqttTopicSubscription(f, q)).ToArray(),
        };

    private static Gen<MqttSubAckPacket> SubAck =>
        from id in Identifier
        from count in Gen.Choose(1, 4)
        from codes in Gen.ArrayOf(Gen.Elements(MqttSubscribeReturnCode.GrantedQoS0, MqttSubscribeReturnCode.GrantedQoS1,
            MqttSubscribeReturnCode.GrantedQoS2, MqttSubscribeReturnCode.Failure), count)
        select new MqttSubAckPacket { PacketIdentifier = id, ReturnCodes = codes };

    private static Gen<MqttUnsubscribePacket> Unsubscribe =>
        from id in Identifier
        from count in Gen.Choose(1, 4)
        from filters in Gen.ArrayOf(Filter, count)
        select new MqttUnsubscribePacket { PacketIdentifier = id, TopicFilters = filters };
}
