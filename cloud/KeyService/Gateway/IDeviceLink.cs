namespace ShareKey.KeyService.Gateway;

/// <summary>
/// The transport between the service and its devices: frames down to sk/{id}/down, frames up from
/// sk/{id}/up. MQTT is the only implementation today; the seam is where an IoT Hub (or other
/// cloud IoT) adapter would go where its SDK is available (docs/architecture.md §2).
/// </summary>
public interface IDeviceLink : IAsyncDisposable
{
    bool IsConnected { get; }

    /// <summary>Connects and starts delivering up frames to <paramref name="onUplink"/>, one at a time per link.</summary>
    Task StartAsync(Func<Uplink, ValueTask> onUplink, CancellationToken cancellationToken);

    /// <summary>Sends one frame at QoS 1; completes when the transport has taken responsibility for it.</summary>
    Task SendAsync(ulong deviceId, byte[] frame, CancellationToken cancellationToken);
}

/// <summary>One frame a device published, with the device id its topic names.</summary>
public readonly record struct Uplink(ulong DeviceId, byte[] Frame, DateTimeOffset ReceivedAt);
