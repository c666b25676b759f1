using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Topics;

namespace ShareKey.Mqtt.Formatter;

/// <summary>
/// Turns bytes into packets, one at a time, from a buffer that may hold a partial packet. <c>TryDecode</c>
/// returns false when more bytes are needed and throws <see cref="MqttProtocolException"/> on anything malformed;
/// the caller then closes the connection. Stateless and thread-safe.
/// </summary>
public sealed class MqttPacketDecoder
{
    public const int DefaultMaximumPacketSize = 1024 * 1024;

    private const int MaximumFixedHeaderSize = 5;

    public MqttPacketDecoder(int maximumPacketSize = DefaultMaximumPacketSize,
        MqttProtocolVersion protocolVersion = MqttProtocolVersion.V311)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumPacketSize, 2);
        MaximumPacketSize = maximumPacketSize;
        ProtocolVersion = protocolVersion;
    }

    /// <summary>Largest whole packet (fixed header included) accepted; larger ones are refused from the header alone.</summary>
    public int MaximumPacketSize { get; }

    public MqttProtocolVersion ProtocolVersion { get; }

    public bool TryDecode(ReadOnlySequence<byte> buffer, [NotNullWhen(true)] out MqttPacket? packet,
        out SequencePosition consumed)
    {
        packet = null;
        consumed = buffer.Start;
        Span<byte> header = stackalloc byte[MaximumFixedHeaderSize];
        var headerBytes = (int)Math.Min(MaximumFixedHeaderSize, buffer.Length);
        buffer.Slice(0, headerBytes).CopyTo(header);
        if (!TryReadFixedHeader(header[..headerBytes], out var type, out var flags, out var headerSize, out var bodySize)
            || buffer.Length < headerSize + bodySize)
        {
            return false;
        }
        var body = buffer.Slice(headerSize, bodySize);
        if (body.IsSingleSegment)
        {
            packet = DecodeBody(type, flags, body.FirstSpan);
        }
        else
        {
            var rented = ArrayPool<byte>.Shared.Rent(bodySize);
            try
            {
                body.CopyTo(rented);
                packet = DecodeBody(type, flags, rented.AsSpan(0, bodySize));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        consumed = buffer.GetPosition(headerSize + bodySize);
        return true;
    }

    public bool TryDecode(ReadOnlySpan<byte> buffer, [NotNullWhen(true)] out MqttPacket? packet, out int consumed)
    {
        packet = null;
        consumed = 0;
        if (!TryReadFixedHeader(buffer, out var type, out var flags, out var headerSize, out var bodySize)
            || buffer.Length < headerSize + bodySize)
        {
            return false;
        }
        packet = DecodeBody(type, flags, buffer.Slice(headerSize, bodySize));
        consumed = headerSize + bodySize;
        return true;
    }

    private bool TryReadFixedHeader(ReadOnlySpan<byte> available, out MqttPacketType type, out byte flags,
        out int headerSize, out int bodySize)
    {
        type = default;
        flags = 0;
        headerSize = 0;
        bodySize = 0;
        if (available.IsEmpty)
        {
            return false;
        }
        type = MqttFixedHeaderRules.Validate(available[0]);
        flags = (byte)(available[0] & 0x0F);
        if (!MqttRemainingLength.TryRead(available[1..], out bodySize, out var lengthSize))
        {
            return false;
        }
        headerSize = 1 + lengthSize;
        if ((long)headerSize + bodySize > MaximumPacketSize)
        {
            throw new MqttProtocolException(MqttProtocolError.PacketTooLarge, "MQTT-2.2.3",
                $"{type} of {headerSize + bodySize} bytes exceeds the {MaximumPacketSize}-byte limit");
        }
        return true;
    }

    private static MqttPacket DecodeBody(MqttPacketType type, byte flags, ReadOnlySpan<byte> body)
    {
        var reader = new MqttBufferReader(body);
        MqttPacket packet = type switch
        {
            MqttPacketType.Connect => DecodeConnect(ref reader),
            MqttPacketType.ConnAck => DecodeConnAck(ref reader),
            MqttPacketType.Publish => DecodePublish(ref reader, flags),
            MqttPacketType.PubAck => new MqttPubAckPacket { PacketIdentifier = ReadPacketIdentifier(ref reader, type) },
            MqttPacketType.PubRec => new MqttPubRecPacket { PacketIdentifier = ReadPacketIdentifier(ref reader, type) },
            MqttPacketType.PubRel => new MqttPubRelPacket { PacketIdentifier = ReadPacketIdentifier(ref reader, type) },
            MqttPacketType.PubComp => new MqttPubCompPacket { PacketIdentifier = ReadPacketIdentifier(ref reader, type) },
            MqttPacketType.Subscribe => DecodeSubscribe(ref reader),
            MqttPacketType.SubAck => DecodeSubAck(ref reader),
            MqttPacketType.Unsubscribe => DecodeUnsubscribe(ref reader),
            MqttPacketType.UnsubAck => new MqttUnsubAckPacket { PacketIdentifier = ReadPacketIdentifier(ref reader, type) },
            MqttPacketType.PingReq => MqttPingReqPacket.Instance,
            MqttPacketType.PingResp => MqttPingRespPacket.Instance,
            MqttPacketType.Disconnect => MqttDisconnectPacket.Instance,
            _ => throw new MqttProtocolException(MqttProtocolError.ReservedPacketType, "MQTT-2.2.1",
                $"control packet type {(int)type} is reserved"),
        };
        reader.ExpectEnd(type.ToString());
        return packet;
    }

    private static MqttConnectPacket DecodeConnect(ref MqttBufferReader reader)
    {
        var protocolName = reader.ReadString("protocol name");
        var level = reader.ReadByte();
        if (protocolName != "MQTT")
        {
            // "MQIsdp" is MQTT 3.1: a known protocol at a level we do not speak, so the client deserves CONNACK 0x01.
            if (protocolName == "MQIsdp")
            {
                throw UnsupportedLevel(level);
            }
            throw new MqttProtocolException(MqttProtocolError.UnsupportedProtocolName, "MQTT-3.1.2-1",
                $"protocol name is '{protocolName}', not 'MQTT'");
        }
        if (level != (byte)MqttProtocolVersion.V311)
        {
            throw UnsupportedLevel(level);
        }
        var flags = MqttConnectFlags.Read(reader.ReadByte());
        var keepAlive = reader.ReadUInt16();
        var clientId = reader.ReadString("client identifier");
        MqttWill? will = null;
        if (flags.Will)
        {
            var willTopic = reader.ReadString("will topic");
            MqttTopicName.Validate(willTopic);
            will = new MqttWill
            {
                Topic = willTopic,
                Payload = reader.ReadBinarySpan("will message").ToArray(),
                QualityOfService = flags.WillQualityOfService,
                Retain = flags.WillRetain,
            };
        }
        var username = flags.Username ? reader.ReadString("user name") : null;
        var password = flags.Password ? reader.ReadBinarySpan("password").ToArray() : null;
        return new MqttConnectPacket
        {
            ProtocolVersion = MqttProtocolVersion.V311,
            ClientId = clientId,
            CleanSession = flags.CleanSession,
            KeepAliveSeconds = keepAlive,
            Will = will,
            Username = username,
            Password = password,
        };
    }

    private static MqttProtocolException UnsupportedLevel(byte level) =>
        new(MqttProtocolError.UnsupportedProtocolLevel, "MQTT-3.1.2-2", $"protocol level {level} is not supported");

    private static MqttConnAckPacket DecodeConnAck(ref MqttBufferReader reader)
    {
        var acknowledgeFlags = reader.ReadByte();
        if ((acknowledgeFlags & 0xFE) != 0)
        {
            throw new MqttProtocolException(MqttProtocolError.MalformedPacket, "MQTT-3.2.2.1",
                "CONNACK acknowledge flags bits 7-1 are reserved and must be 0");
        }
        var returnCode = reader.ReadByte();
        if (returnCode > (byte)MqttConnectReturnCode.NotAuthorized)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidReturnCode, "MQTT-3.2.2.3",
                $"CONNACK return code {returnCode} is reserved");
        }
        var sessionPresent = acknowledgeFlags == 1;
        if (sessionPresent && returnCode != 0)
        {
            throw new MqttProtocolException(MqttProtocolError.MalformedPacket, "MQTT-3.2.2-4",
                "CONNACK refusing the connection has session present set");
        }
        return new MqttConnAckPacket { SessionPresent = sessionPresent, ReturnCode = (MqttConnectReturnCode)returnCode };
    }

    private static MqttPublishPacket DecodePublish(ref MqttBufferReader reader, byte flags)
    {
        var qos = (MqttQualityOfService)((flags >> 1) & 0x03);
        var topic = reader.ReadString("topic name");
        MqttTopicName.Validate(topic);
        var packetIdentifier = qos == MqttQualityOfService.AtMostOnce
            ? (ushort)0
            : ReadPacketIdentifier(ref reader, MqttPacketType.Publish);
        return new MqttPublishPacket
        {
            Topic = topic,
            PacketIdentifier = packetIdentifier,
            QualityOfService = qos,
            Dup = (flags & MqttFixedHeaderRules.PublishDup) != 0,
            Retain = (flags & MqttFixedHeaderRules.PublishRetain) != 0,
            Payload = reader.ReadRest().ToArray(),
        };
    }

    private static MqttSubscribePacket DecodeSubscribe(ref MqttBufferReader reader)
    {
        var packetIdentifier = ReadPacketIdentifier(ref reader, MqttPacketType.Subscribe);
        var subscriptions = new List<MqttTopicSubscription>();
        while (!reader.End)
        {
            var filter = reader.ReadString("topic filter");
            MqttTopicFilter.Validate(filter);
            var requested = reader.ReadByte();
            if (requested > (byte)MqttQualityOfService.ExactlyOnce)
            {
                throw new MqttProtocolException(MqttProtocolError.InvalidQualityOfService, "MQTT-3.8.3-4",
                    $"requested QoS byte 0x{requested:X2} is invalid (reserved bits set or QoS 3)");
            }
            subscriptions.Add(new MqttTopicSubscription(filter, (MqttQualityOfService)requested));
        }
        if (subscriptions.Count == 0)
        {
            throw new MqttProtocolException(MqttProtocolError.EmptySubscription, "MQTT-3.8.3-3",
                "SUBSCRIBE has no topic filter");
        }
        return new MqttSubscribePacket { PacketIdentifier = packetIdentifier, Subscriptions = subscriptions };
    }

    private static MqttSubAckPacket DecodeSubAck(ref MqttBufferReader reader)
    {
        var packetIdentifier = ReadPacketIdentifier(ref reader, MqttPacketType.SubAck);
        var codes = new List<MqttSubscribeReturnCode>();
        while (!reader.End)
        {
            var code = reader.ReadByte();
            if (code is not (0x00 or 0x01 or 0x02 or 0x80))
            {
                throw new MqttProtocolException(MqttProtocolError.InvalidReturnCode, "MQTT-3.9.3-2",
                    $"SUBACK return code 0x{code:X2} is reserved");
            }
            codes.Add((MqttSubscribeReturnCode)code);
        }
        if (codes.Count == 0)
        {
            throw new MqttProtocolException(MqttProtocolError.MalformedPacket, "MQTT-3.9.3",
                "SUBACK has no return code");
        }
        return new MqttSubAckPacket { PacketIdentifier = packetIdentifier, ReturnCodes = codes };
    }

    private static MqttUnsubscribePacket DecodeUnsubscribe(ref MqttBufferReader reader)
    {
        var packetIdentifier = ReadPacketIdentifier(ref reader, MqttPacketType.Unsubscribe);
        var filters = new List<string>();
        while (!reader.End)
        {
            var filter = reader.ReadString("topic filter");
            MqttTopicFilter.Validate(filter);
            filters.Add(filter);
        }
        if (filters.Count == 0)
        {
            throw new MqttProtocolException(MqttProtocolError.EmptySubscription, "MQTT-3.10.3-2",
                "UNSUBSCRIBE has no topic filter");
        }
        return new MqttUnsubscribePacket { PacketIdentifier = packetIdentifier, TopicFilters = filters };
    }

    private static ushort ReadPacketIdentifier(ref MqttBufferReader reader, MqttPacketType type)
    {
        var identifier = reader.ReadUInt16();
        if (identifier == 0)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidPacketIdentifier, "MQTT-2.3.1-1",
                $"{type} has packet identifier 0");
        }
        return identifier;
    }
}
