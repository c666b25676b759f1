using System.Collections.Concurrent;
using ShareKey.Mqtt.Client;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;
using ShareKey.Protocol;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.Simulator.Tests.Support;

/// <summary>
/// The cloud side, scripted by the test and built only from shared/Protocol: an MQTT client on
/// <c>sk/+/up</c> that authenticates and decodes every up frame with the sending device's link key,
/// and sends down messages encoded with that device's keys (wrapped epoch keys, MAC'd times).
/// An up frame that does not verify fails the test. Like the service, it answers every Event batch
/// with an EventReceipt (the device then sends its next batch).
/// </summary>
public sealed class ScriptedCloud : IAsyncDisposable
{
    private readonly MqttClient _client;
    private volatile bool _closing;
    private readonly ConcurrentDictionary<string, TestDevice> _devices = new();
    private readonly MessageDecoder _decoder = new(TestDevice.Macs);

    private ScriptedCloud(MqttClient client)
    {
        _client = client;
        _client.MessageReceivedAsync = Receive;
    }

    public UpInbox Inbox { get; } = new();

    /// <summary>Up frames that did not decode or authenticate (the test fails on any).</summary>
    public ConcurrentQueue<string> Rejected { get; } = new();

    /// <summary>Connects the cloud's MQTT client; its errors (a handler that threw) go to <paramref name="environment"/>.</summary>
    public static async Task<ScriptedCloud> ConnectAsync(int port, TestEnvironment environment)
    {
        MqttClient client = new(new MqttClientOptions
        {
            Host = "127.0.0.1",
            Port = port,
            ClientId = "cloud-" + Guid.NewGuid().ToString("N")[..8],
            Username = DeviceAccounts.CloudUser,
            Password = DeviceAccounts.CloudPassword,
            Logger = new MqttErrorLog(environment),
        });
        ScriptedCloud cloud = new(client);
        await client.ConnectAsync();
        await client.SubscribeAsync("sk/+/up", MqttQualityOfService.AtLeastOnce);
        return cloud;
    }

    public void Register(TestDevice device) => _devices[device.Id] = device;

    /// <summary>Encodes <paramref name="message"/> with the device's K_link-down and publishes it on its down topic.</summary>
    public Task SendAsync(TestDevice device, Message message) => SendFrameAsync(device, Frame(device, message));

    public Task SendFrameAsync(TestDevice device, byte[] frame) =>
        _client.PublishAsync($"sk/{device.Id}/down", frame, MqttQualityOfService.AtLeastOnce);

    public static byte[] Frame(TestDevice device, Message message) => new MessageEncoder(TestDevice.Macs).Encode(message, device.Secrets.LinkDownKey);

    /// <summary>Sends <paramref name="message"/> and waits for the device's Ack of it.</summary>
    public async Task<AckMessage> SendAndAwaitAckAsync(TestDevice device, Message message)
    {
        await SendAsync(device, message);
        return await Inbox.NextAsync<AckMessage>(device.DeviceId, a => a.AckedMessageId == message.MessageId);
    }

    public static RotateMessage Rotate(TestDevice device, uint epoch, params ulong[] revoked) => new()
    {
        MessageId = device.NextDownId(),
        Epoch = epoch,
        WrappedKey = KeyWrap.Wrap(TestDevice.Macs, device.Secrets, device.DeviceId, epoch, device.EpochKey(epoch), System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)),
        RevokedKeyIds = revoked,
    };

    public static TimeSyncMessage TimeSync(TestDevice device, uint time) => new()
    {
        MessageId = device.NextDownId(),
        DeviceId = device.DeviceId,
        Time = time,
        Mac = TestDevice.Macs.TimeMac(device.Secrets.TimeKey, device.DeviceId, time),
    };

    public static RemoteLockMessage RemoteLock(TestDevice device, RemoteLockAction action, RemoteLockTarget target) => new()
    {
        MessageId = device.NextDownId(),
        Action = action,
        Target = target,
        RequestedAt = Now,
    };

    public static BindResultMessage BindResult(TestDevice device, BindOutcome outcome, string vin, byte reason = 0) => new()
    {
        MessageId = device.NextDownId(),
        Outcome = outcome,
        Reason = reason,
        Vin = vin,
    };

    /// <summary>The proof only a device holding E(<paramref name="epoch"/>) can compute for the Rotate <paramref name="messageId"/>.</summary>
    public static byte[] AckProof(TestDevice device, uint epoch, uint messageId) =>
        TestDevice.Macs.AckProof(device.EpochKey(epoch), device.DeviceId, epoch, messageId);

    public static uint Now => (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public async ValueTask DisposeAsync()
    {
        _closing = true;
        await _client.DisposeAsync();
    }

    private ValueTask Receive(MqttReceivedMessage message)
    {
        string[] parts = message.Topic.Split('/');
        if (parts.Length != 3 || !_devices.TryGetValue(parts[1], out TestDevice? device) || !Hex.TryParseId(parts[1], out ulong deviceId))
        {
            Rejected.Enqueue($"up frame on unknown topic {message.Topic}");
            return ValueTask.CompletedTask;
        }

        byte[] frame = message.Payload.ToArray();
        Message decoded;
        try
        {
            decoded = _decoder.Decode(frame, 0, frame.Length, device.Secrets.LinkUpKey);
        }
        catch (ProtocolException e)
        {
            Rejected.Enqueue($"{message.Topic}: {e.Message}");
            return ValueTask.CompletedTask;
        }

        Inbox.Add(deviceId, decoded);
        if (decoded is EventMessage events)
        {
            // Not awaited: the client's receive loop must not wait on its own publish.
            _ = ReceiptAsync(device, events);
        }

        return ValueTask.CompletedTask;
    }

    private async Task ReceiptAsync(TestDevice device, EventMessage events)
    {
        try
        {
            await SendAsync(device, new EventReceiptMessage { MessageId = events.MessageId, Count = events.Events.Length });
        }
        catch (Exception e) when (_closing && e is ObjectDisposedException or MqttPublishAbandonedException)
        {
            // The test ended while the receipt was on its way; a device keeps an unreceipted batch and sends it again.
        }
    }
}
