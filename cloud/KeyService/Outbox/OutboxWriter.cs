using Microsoft.Extensions.Options;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Storage;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Outbox;

/// <summary>
/// Puts a down message into the outbox inside the caller's session: it gets the device's next
/// message id and is encoded once, so every resend is byte-for-byte the same frame (the device
/// answers a resend with the Ack it already gave). The <see cref="OutboxSender"/> sends it after
/// the session commits: a message whose cause rolled back is never sent.
/// </summary>
public sealed class OutboxWriter(DeviceCrypto crypto, TimeProvider time, IOptions<RotationOptions> options, OutboxSignal signal)
{
    public async Task<OutboxMessage> EnqueueAsync(IStoreSession session, Device device, Message message, long? rotationId, CancellationToken cancellationToken)
    {
        session.Devices.RequireLocked(device.Id, "queueing a down message");
        message.MessageId = await session.Devices.NextDownMessageIdAsync(device.Id, cancellationToken);
        var now = time.GetUtcNow();
        var rotation = options.Value;
        var row = new OutboxMessage(
            Id: 0,
            device.Id,
            message.MessageId,
            message.Type,
            crypto.EncodeDown(device, message),
            OutboxState.Pending,
            Attempts: 0,
            rotation.MaxAttempts,
            rotation.AckTimeout,
            NextAttemptAt: now,
            CreatedAt: now,
            LastAttemptAt: null,
            AckedAt: null,
            AckStatus: null,
            rotationId);
        var id = await session.Outbox.InsertAsync(row, cancellationToken);
        signal.Notify();
        return row with { Id = id };
    }
}
