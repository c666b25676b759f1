using System.Buffers;
using System.Diagnostics;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Topics;

namespace ShareKey.Mqtt.Formatter;

/// <summary>
/// Turns packets into bytes, written straight into an <see cref="IBufferWriter{T}"/> (a pipe, or an array
/// writer). Refuses to write anything the decoder would reject, with the same <see cref="MqttProtocolException"/>,
/// so our peers never see a malformed packet from us. Stateless and thread-safe.
/// </summary>
public sealed class MqttPacketEncoder
{
    public MqttPacketEncoder(MqttProtocolVersion protocolVersion = MqttProtocolVersion.V311) =>
        ProtocolVersion = protocolVersion;

    public MqttProtocolVersion ProtocolVersion { get; }

    /// <summary>Writes the packet and returns its size in bytes.</summary>
    public int Encode(MqttPacket packet, IBufferWriter<byte> output) => packet switch
    {
        MqttConnectPacket connect => EncodeConnect(connect, output),
        MqttConnAckPacket connAck => EncodeConnAck(connAck, output),
        MqttPublishPacket publish => EncodePublish(publish, output),
        MqttPubAckPacket pubAck => EncodeIdentifierOnly(pubAck, 0x40, output),
        MqttPubRecPacket pubRec => EncodeIdentifierOnly(pubRec, 0x50, output),
        MqttPubRelPacket pubRel => EncodeIdentifierOnly(pubRel, 0x62, output),
        MqttPubCompPacket pubComp => EncodeIdentifierOnly(pubComp, 0x70, output),
        MqttSubscribePacket subscribe => EncodeSubscribe(subscribe, output),
        MqttSubAckPacket subAck => EncodeSubAck(subAck, output),
        MqttUnsubscribePacket unsubscribe => EncodeUnsubscribe(unsubscribe, output),
        MqttUnsubAckPacket unsubAck => EncodeIdentifierOnly(unsubAck, 0xB0, output),
        MqttPingReqPacket => EncodeEmpty(0xC0, output),
        MqttPingRespPacket => EncodeEmpty(0xD0, output),
        MqttDisconnectPacket => EncodeEmpty(0xE0, output),
        _ => throw new ArgumentException($"unknown packet class {packet.GetType().Name}", nameof(packet)),
    };

    public byte[] Encode(MqttPacket packet)
    {
        var output = new ArrayBufferWriter<byte>();
        Encode(packet, output);
        return output.WrittenSpan.ToArray();
    }

    private static int EncodeConnect(MqttConnectPacket packet, IBufferWriter<byte> output)
    {
        if (packet.ProtocolVersion != MqttProtocolVersion.V311)
        {
            throw new MqttProtocolException(MqttProtocolError.UnsupportedProtocolLevel, "MQTT-3.1.2-2",
                $"protocol level {(int)packet.ProtocolVersion} is not supported");
        }
        if (packet.Password is not null && packet.Username is null)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidConnectFlags, "MQTT-3.1.2-22",
                "a password needs a user name in MQTT 3.1.1");
        }
        var will = packet.Will;
        var flags = new MqttConnectFlags(packet.CleanSession, will is not null,
            will?.QualityOfService ?? MqttQualityOfService.AtMostOnce, will?.Retain ?? false,
            packet.Password is not null, packet.Username is not null);
        var clientIdBytes = MqttUtf8.GetByteCount(packet.ClientId, "client identifier");
        var remaining = 2 + 4 + 1 + 1 + 2 + 2 + clientIdBytes;
        var willTopicBytes = 0;
        if (will is not null)
        {
            CheckQualityOfService(will.QualityOfService, "MQTT-3.1.2-14");
            MqttTopicName.Validate(will.Topic);
            willTopicBytes = MqttUtf8.GetByteCount(will.Topic, "will topic");
            remaining += 2 + willTopicBytes + 2 + CheckBinaryLength(will.Payload.Length, "will message");
        }
        var usernameBytes = packet.Username is null ? 0 : MqttUtf8.GetByteCount(packet.Username, "user name");
        if (packet.Username is not null)
        {
            remaining += 2 + usernameBytes;
        }
        if (packet.Password is { } password)
        {
            remaining += 2 + CheckBinaryLength(password.Length, "password");
        }

        var writer = Start(output, 0x10, remaining, out var total);
        writer.WriteString("MQTT", 4);
        writer.WriteByte((byte)MqttProtocolVersion.V311);
        writer.WriteByte(flags.ToByte());
        writer.WriteUInt16(packet.KeepAliveSeconds);
        writer.WriteString(packet.ClientId, clientIdBytes);
        if (will is not null)
        {
            writer.WriteString(will.Topic, willTopicBytes);
            writer.WriteBinary(will.Payload.Span);
        }
        if (packet.Username is not null)
        {
            writer.WriteString(packet.Username, usernameBytes);
        }
        if (packet.Password is { } passwordBytes)
        {
            writer.WriteBinary(passwordBytes);
        }
        return Finish(output, ref writer, total);
    }

    private static int EncodeConnAck(MqttConnAckPacket packet, IBufferWriter<byte> output)
    {
        if (packet.ReturnCode > MqttConnectReturnCode.NotAuthorized)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidReturnCode, "MQTT-3.2.2.3",
                $"CONNACK return code {(int)packet.ReturnCode} is reserved");
        }
        if (packet.SessionPresent && packet.ReturnCode != MqttConnectReturnCode.Accepted)
        {
            throw new MqttProtocolException(MqttProtocolError.MalformedPacket, "MQTT-3.2.2-4",
                "CONNACK refusing the connection must not set session present");
        }
        var writer = Start(output, 0x20, 2, out var total);
        writer.WriteByte(packet.SessionPresent ? (byte)1 : (byte)0);
        writer.WriteByte((byte)packet.ReturnCode);
        return Finish(output, ref writer, total);
    }

    private static int EncodePublish(MqttPublishPacket packet, IBufferWriter<byte> output)
    {
        var qos = packet.QualityOfService;
        CheckQualityOfService(qos, "MQTT-3.3.1-4");
        if (qos == MqttQualityOfService.AtMostOnce && packet.Dup)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidDuplicateFlag, "MQTT-3.3.1-2",
                "QoS 0 PUBLISH must not set DUP");
        }
        if (qos != MqttQualityOfService.AtMostOnce)
        {
            CheckPacketIdentifier(packet);
        }
        MqttTopicName.Validate(packet.Topic);
        var topicBytes = MqttUtf8.GetByteCount(packet.Topic, "topic name");
        var remaining = 2L + topicBytes + (qos == MqttQualityOfService.AtMostOnce ? 0 : 2) + packet.Payload.Length;
        var firstByte = (byte)(0x30 | (packet.Dup ? MqttFixedHeaderRules.PublishDup : 0) | ((byte)qos << 1) |
                               (packet.Retain ? MqttFixedHeaderRules.PublishRetain : 0));

        var writer = Start(output, firstByte, remaining, out var total);
        writer.WriteString(packet.Topic, topicBytes);
        if (qos != MqttQualityOfService.AtMostOnce)
        {
            writer.WriteUInt16(packet.PacketIdentifier);
        }
        writer.WriteBytes(packet.Payload.Span);
        return Finish(output, ref writer, total);
    }

    private static int EncodeSubscribe(MqttSubscribePacket packet, IBufferWriter<byte> output)
    {
        CheckPacketIdentifier(packet);
        if (packet.Subscriptions.Count == 0)
        {
            throw new MqttProtocolException(MqttProtocolError.EmptySubscription, "MQTT-3.8.3-3",
                "SUBSCRIBE needs at least one topic filter");
        }
        var filterBytes = new int[packet.Subscriptions.Count];
        long remaining = 2;
        for (var i = 0; i < filterBytes.Length; i++)
        {
            var subscription = packet.Subscriptions[i];
            MqttTopicFilter.Validate(subscription.TopicFilter);
            CheckQualityOfService(subscription.QualityOfService, "MQTT-3.8.3-4");
            filterBytes[i] = MqttUtf8.GetByteCount(subscription.TopicFilter, "topic filter");
            remaining += 2 + filterBytes[i] + 1;
        }
        var writer = Start(output, 0x82, remaining, out var total);
        writer.WriteUInt16(packet.PacketIdentifier);
        for (var i = 0; i < filterBytes.Length; i++)
        {
            writer.WriteString(packet.Subscriptions[i].TopicFilter, filterBytes[i]);
            writer.WriteByte((byte)packet.Subscriptions[i].QualityOfService);
        }
        return Finish(output, ref writer, total);
    }

    private static int EncodeSubAck(MqttSubAckPacket packet, IBufferWriter<byte> output)
    {
        CheckPacketIdentifier(packet);
        if (packet.ReturnCodes.Count == 0)
        {
            throw new MqttProtocolException(MqttProtocolError.MalformedPacket, "MQTT-3.9.3",
                "SUBACK needs one return code per subscription");
        }
        foreach (var code in packet.ReturnCodes)
        {
            if (code is not (MqttSubscribeReturnCode.GrantedQoS0 or MqttSubscribeReturnCode.GrantedQoS1
                or MqttSubscribeReturnCode.GrantedQoS2 or MqttSubscribeReturnCode.Failure))
            {
                throw new MqttProtocolException(MqttProtocolError.InvalidReturnCode, "MQTT-3.9.3-2",
                    $"SUBACK return code 0x{(byte)code:X2} is reserved");
            }
        }
        var writer = Start(output, 0x90, 2L + packet.ReturnCodes.Count, out var total);
        writer.WriteUInt16(packet.PacketIdentifier);
        foreach (var code in packet.ReturnCodes)
        {
            writer.WriteByte((byte)code);
        }
        return Finish(output, ref writer, total);
    }

    private static int EncodeUnsubscribe(MqttUnsubscribePacket packet, IBufferWriter<byte> output)
    {
        CheckPacketIdentifier(packet);
        if (packet.TopicFilters.Count == 0)
        {
            throw new MqttProtocolException(MqttProtocolError.EmptySubscription, "MQTT-3.10.3-2",
                "UNSUBSCRIBE needs at least one topic filter");
        }
        var filterBytes = new int[packet.TopicFilters.Count];
        long remaining = 2;
        for (var i = 0; i < filterBytes.Length; i++)
        {
            MqttTopicFilter.Validate(packet.TopicFilters[i]);
            filterBytes[i] = MqttUtf8.GetByteCount(packet.TopicFilters[i], "topic filter");
            remaining += 2 + filterBytes[i];
        }
        var writer = Start(output, 0xA2, remaining, out var total);
        writer.WriteUInt16(packet.PacketIdentifier);
        for (var i = 0; i < filterBytes.Length; i++)
        {
            writer.WriteString(packet.TopicFilters[i], filterBytes[i]);
        }
        return Finish(output, ref writer, total);
    }

    private static int EncodeIdentifierOnly(MqttPacketWithIdentifier packet, byte firstByte, IBufferWriter<byte> output)
    {
        CheckPacketIdentifier(packet);
        var writer = Start(output, firstByte, 2, out var total);
        writer.WriteUInt16(packet.PacketIdentifier);
        return Finish(output, ref writer, total);
    }

    private static int EncodeEmpty(byte firstByte, IBufferWriter<byte> output)
    {
        var writer = Start(output, firstByte, 0, out var total);
        return Finish(output, ref writer, total);
    }

    private static MqttBufferWriter Start(IBufferWriter<byte> output, byte firstByte, long remainingLength, out int total)
    {
        if (remainingLength > MqttRemainingLength.Maximum)
        {
            throw new MqttProtocolException(MqttProtocolError.PacketTooLarge, "MQTT-2.2.3",
                $"remaining length {remainingLength} exceeds {MqttRemainingLength.Maximum}");
        }
        var length = (int)remainingLength;
        total = 1 + MqttRemainingLength.SizeOf(length) + length;
        var writer = new MqttBufferWriter(output.GetSpan(total));
        writer.WriteFixedHeader(firstByte, length);
        return writer;
    }

    private static int Finish(IBufferWriter<byte> output, ref MqttBufferWriter writer, int total)
    {
        Debug.Assert(writer.Position == total, "encoder sized the packet wrongly");
        output.Advance(total);
        return total;
    }

    private static void CheckPacketIdentifier(MqttPacketWithIdentifier packet)
    {
        if (packet.PacketIdentifier == 0)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidPacketIdentifier, "MQTT-2.3.1-1",
                $"{packet.Type} needs a non-zero packet identifier");
        }
    }

    private static void CheckQualityOfService(MqttQualityOfService qos, string rule)
    {
        if (qos > MqttQualityOfService.ExactlyOnce)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidQualityOfService, rule, $"QoS {(int)qos} is invalid");
        }
    }

    private static int CheckBinaryLength(int length, string field)
    {
        if (length > ushort.MaxValue)
        {
            throw new MqttProtocolException(MqttProtocolError.MalformedPacket, "MQTT-1.5.3",
                $"{field} is {length} bytes; a length-prefixed field holds at most {ushort.MaxValue}");
        }
        return length;
    }
}
