using Microsoft.Extensions.Options;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Storage;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Outbox;

/// <summary>
/// Puts a down message into the outbox inside the caller's session: it gets the device's next
/// message id and is encoded once, so every resend is byte-for-byte the same frame (the device
/// answers a resend with the Ack it already gave). It is stored as attempted once, its resend due
/// one ack timeout later, and handed to the <see cref="OutboxSender"/> when the session commits: a
/// message whose cause rolled back is never sent, and its first send costs no second write. A crash
/// between the commit and that send means a resend one timeout later, as a crash after any send does.
/// </summary>
public sealed class OutboxWriter(DeviceCrypto crypto, TimeProvider time, IOptions<RotationOptions> options, OutboxSignal signal)
{
    public async Task<OutboxMessage> EnqueueAsync(IStoreSession session, Device device, Message message, long? rotationId, CancellationToken cancellationToken) =>
        (await EnqueueAsync(session, [new QueuedMessage(device, message, rotationId)], cancellationToken))[0];

    /// <summary>Queues each message to its device, in order, with the statements of all of them batched (on PostgreSQL one round trip per step).</summary>
    public Task<IReadOnlyList<OutboxMessage>> EnqueueAsync(IStoreSession session, IReadOnlyList<QueuedMessage> messages, CancellationToken cancellationToken) =>
        EnqueueAsync(session, messages, reservedIds: null, cancellationToken);

    /// <summary>
    /// <see cref="EnqueueAsync(IStoreSession, IReadOnlyList{QueuedMessage}, CancellationToken)"/>, message i stored under
    /// <paramref name="reservedIds"/>[i] when given (from <see cref="IOutboxTable.ReserveIdsAsync"/>, in this session).
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessage>> EnqueueAsync(IStoreSession session, IReadOnlyList<QueuedMessage> messages, IReadOnlyList<long>? reservedIds, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return [];
        }

        if (reservedIds is not null && reservedIds.Count != messages.Count)
        {
            throw new ArgumentException($"{reservedIds.Count} reserved ids for {messages.Count} messages.", nameof(reservedIds));
        }

        foreach (var queued in messages)
        {
            session.Devices.RequireLocked(queued.Device.Id, "queueing a down message");
        }

        var messageIds = await session.Devices.NextDownMessageIdsAsync([.. messages.Select(queued => queued.Device.Id)], cancellationToken);
        var now = time.GetUtcNow();
        var rotation = options.Value;
        var rows = messages.Select((queued, i) =>
        {
            queued.Message.MessageId = messageIds[i];
            return new OutboxMessage(
                Id: reservedIds?[i] ?? 0,
                queued.Device.Id,
                queued.Message.MessageId,
                queued.Message.Type,
                crypto.EncodeDown(queued.Device, queued.Message),
                OutboxState.Pending,
                Attempts: 1,
                rotation.MaxAttempts,
                rotation.AckTimeout,
                NextAttemptAt: now + rotation.AckTimeout,
                CreatedAt: now,
                LastAttemptAt: now,
                AckedAt: null,
                AckStatus: null,
                queued.RotationId);
        }).ToList();
        var ids = await session.Outbox.InsertAsync(rows, cancellationToken);
        IReadOnlyList<OutboxMessage> stored = [.. rows.Select((row, i) => row with { Id = ids[i] })];
        session.OnCommitted(() => signal.Committed(stored));
        return stored;
    }
}
