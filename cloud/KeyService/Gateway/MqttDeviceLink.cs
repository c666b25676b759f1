using ShareKey.Mqtt.Client;
using ShareKey.Mqtt.Packets;

namespace ShareKey.KeyService.Gateway;

/// <summary>
/// The device link over MQTT (docs/architecture.md §5). Up frames arrive through a shared subscription
/// ($share/{group}/sk/+/up), so with several service instances each frame reaches one of them. The
/// session is persistent: up frames published while this instance was reconnecting wait in the broker.
/// </summary>
public sealed class MqttDeviceLink(MqttClientOptions options, string shareGroup, ILogger<MqttDeviceLink> logger) : IDeviceLink
{
    private readonly MqttClient _client = new(options);

    public bool IsConnected => _client.State == MqttClientState.Connected;

    public async Task StartAsync(Func<Uplink, ValueTask> onUplink, CancellationToken cancellationToken)
    {
        _client.StateChanged += (_, change) =>
        {
            if (change.Reason is { } reason)
            {
                logger.LogWarning("Device link {State}: {Reason}", change.State, reason.Message);
            }
            else
            {
                logger.LogDebug("Device link {State}", change.State);
            }
        };
        _client.MessageReceivedAsync = message =>
        {
            if (!DeviceTopics.TryParseUp(message.Topic, out var deviceId))
            {
                logger.LogWarning("Ignored a message on {Topic}: not a device up topic", message.Topic);
                return ValueTask.CompletedTask;
            }

            return onUplink(new Uplink(deviceId, message.Payload.ToArray(), DateTimeOffset.UtcNow));
        };
        await _client.ConnectAsync(cancellationToken);
        var filter = $"$share/{shareGroup}/{DeviceTopics.UpFilter}";
        if (await _client.SubscribeAsync(filter, MqttQualityOfService.AtLeastOnce, cancellationToken) == MqttSubscribeReturnCode.Failure)
        {
            throw new InvalidOperationException($"The broker refused the subscription to {filter}; give the service's MQTT account read access to sk/+/up.");
        }
    }

    public Task SendAsync(ulong deviceId, byte[] frame, CancellationToken cancellationToken) =>
        _client.PublishAsync(DeviceTopics.Down(deviceId), frame, MqttQualityOfService.AtLeastOnce, retain: false, cancellationToken);

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
