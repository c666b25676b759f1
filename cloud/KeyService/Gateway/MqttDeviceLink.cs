using System.Net.Sockets;
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
        await ConnectAsync(cancellationToken);
        var filter = $"$share/{shareGroup}/{DeviceTopics.UpFilter}";
        if (await _client.SubscribeAsync(filter, MqttQualityOfService.AtLeastOnce, cancellationToken) == MqttSubscribeReturnCode.Failure)
        {
            throw new InvalidOperationException($"The broker refused the subscription to {filter}; give the service's MQTT account read access to sk/+/up.");
        }
    }

    /// <summary>
    /// The first connection, tried again like a lost one is (<see cref="MqttClientOptions.Reconnect"/>)
    /// while the broker cannot be reached or closes before its CONNACK: a broker still starting, or
    /// one too loaded to finish the handshake within its connect deadline, must not stop the service.
    /// A refused CONNECT or an untrusted certificate is a setting to fix, and goes to the caller.
    /// </summary>
    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _client.ConnectAsync(cancellationToken);
                return;
            }
            catch (Exception failure) when (failure is IOException or SocketException or TimeoutException or MqttClientNotConnectedException
                                            && !cancellationToken.IsCancellationRequested)
            {
                var delay = options.Reconnect.DelayBeforeAttempt(attempt, Random.Shared);
                logger.LogWarning("Device link: connecting to {Host}:{Port} failed ({Reason}); trying again in {Delay} ms", options.Host, options.Port, failure.Message, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    public Task SendAsync(ulong deviceId, byte[] frame, CancellationToken cancellationToken) =>
        _client.PublishAsync(DeviceTopics.Down(deviceId), frame, MqttQualityOfService.AtLeastOnce, retain: false, cancellationToken);

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
