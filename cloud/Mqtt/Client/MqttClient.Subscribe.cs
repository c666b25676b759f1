using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Topics;

namespace ShareKey.Mqtt.Client;

// SUBSCRIBE / UNSUBSCRIBE: request and answer on the current connection, remembered for resubscribe.
public sealed partial class MqttClient
{
    /// <summary>Subscribes to one filter; returns the QoS the broker granted, or
    /// <see cref="MqttSubscribeReturnCode.Failure"/> when it refused (e.g. an ACL).</summary>
    public async Task<MqttSubscribeReturnCode> SubscribeAsync(string topicFilter,
        MqttQualityOfService qualityOfService = MqttQualityOfService.AtMostOnce, CancellationToken cancellationToken = default) =>
        (await SubscribeAsync([new MqttTopicSubscription(topicFilter, qualityOfService)], cancellationToken))[0];

    /// <summary>Subscribes to several filters in one SUBSCRIBE; one return code per filter, in order. Granted
    /// filters are subscribed again automatically after a reconnect that found no session on the broker.</summary>
    public async Task<IReadOnlyList<MqttSubscribeReturnCode>> SubscribeAsync(
        IReadOnlyList<MqttTopicSubscription> subscriptions, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(subscriptions.Count);
        foreach (var subscription in subscriptions)
        {
            MqttTopicFilter.Validate(subscription.TopicFilter);
        }

        var answer = await RequestAsync(
            identifier => new MqttSubscribePacket { PacketIdentifier = identifier, Subscriptions = subscriptions },
            MqttPacketType.SubAck, cancellationToken);
        var subAck = (MqttSubAckPacket)answer;
        if (subAck.ReturnCodes.Count != subscriptions.Count)
        {
            throw new MqttProtocolException(MqttProtocolError.ProtocolViolation, "MQTT-3.9.3-1",
                $"SUBACK has {subAck.ReturnCodes.Count} return codes for {subscriptions.Count} filters");
        }

        _subscriptions.Add(subscriptions.Where((_, i) => subAck.ReturnCodes[i] != MqttSubscribeReturnCode.Failure));
        return subAck.ReturnCodes;
    }

    public async Task UnsubscribeAsync(IReadOnlyList<string> topicFilters, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(topicFilters.Count);
        foreach (var filter in topicFilters)
        {
            MqttTopicFilter.Validate(filter);
        }

        await RequestAsync(
            identifier => new MqttUnsubscribePacket { PacketIdentifier = identifier, TopicFilters = topicFilters },
            MqttPacketType.UnsubAck, cancellationToken);
        _subscriptions.Remove(topicFilters);
    }

    public Task UnsubscribeAsync(string topicFilter, CancellationToken cancellationToken = default) =>
        UnsubscribeAsync([topicFilter], cancellationToken);

    private async Task<MqttPacketWithIdentifier> RequestAsync(Func<ushort, MqttPacket> build, MqttPacketType answerType,
        CancellationToken cancellationToken)
    {
        Task<MqttPacketWithIdentifier?> answer;
        lock (_sessionLock)
        {
            var connection = _connection
                ?? throw new MqttClientNotConnectedException($"Not connected; the {answerType} request was not sent.");
            var identifier = _packetIdentifiers.Rent();
            answer = _requests.Add(identifier, answerType);
            connection.TrySend(build(identifier));
        }

        return await answer.WaitAsync(cancellationToken)
            ?? throw new MqttClientNotConnectedException(
                $"The connection ended before the broker's {answerType}; the request may or may not have been applied.");
    }
}
