namespace ShareKey.KeyService.Outbox;

public interface IOutboxTable
{
    /// <summary>Inserts the message; returns its id. Conflicts on a second (device, message id).</summary>
    Task<long> InsertAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts the messages (on PostgreSQL in one statement); returns their ids in order. Conflicts as the one-row insert does.
    /// Either every message has an id of 0 (the database numbers them) or every one has an id from <see cref="ReserveIdsAsync"/>.
    /// </summary>
    Task<IReadOnlyList<long>> InsertAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// Ids for <paramref name="count"/> messages this session inserts next, so that a row written before them (a
    /// rotation naming its Rotate) can name them. The session's next insert into the outbox must be of these.
    /// </summary>
    Task<IReadOnlyList<long>> ReserveIdsAsync(int count, CancellationToken cancellationToken);

    Task<OutboxMessage?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>The messages with these ids, in one statement; in order, null where there is none.</summary>
    Task<IReadOnlyList<OutboxMessage?>> GetAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken);

    Task<OutboxMessage?> FindAsync(ulong deviceId, uint messageId, CancellationToken cancellationToken);

    /// <summary>The messages sent to each (device, message id), in one statement; in order, null where none was.</summary>
    Task<IReadOnlyList<OutboxMessage?>> FindAsync(IReadOnlyList<(ulong DeviceId, uint MessageId)> sent, CancellationToken cancellationToken);

    /// <summary>
    /// Pending messages whose NextAttemptAt has come, oldest first, at most <paramref name="limit"/>,
    /// skipping rows another instance has locked (PostgreSQL FOR UPDATE SKIP LOCKED) — a message sent
    /// before (a resend) only if its NextAttemptAt is also at or before <paramref name="resendsDueBy"/>.
    /// The caller updates each one (attempt counted, next attempt pushed back) in the same session.
    /// A message is stored with its first send counted (OutboxWriter), so only one stored by an earlier
    /// version of the service is claimed unsent (attempts 0).
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset resendsDueBy, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Writes what changes of a queued message: its state, attempts, max attempts, next and last attempt and ack.
    /// What it was queued with (device, message id, type, frame, ack timeout, creation, rotation) stays as inserted.
    /// Whether it was found.
    /// </summary>
    Task<bool> UpdateAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>Updates each message as the one-message update does (on PostgreSQL in one statement); whether each was found, in order.</summary>
    Task<IReadOnlyList<bool>> UpdateAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// Counts one more attempt for each message at <paramref name="at"/> and sets its next attempt to
    /// <paramref name="at"/> plus its own ack timeout — one statement for a whole claimed batch.
    /// Returns how many rows changed.
    /// </summary>
    Task<int> MarkAttemptedAsync(IReadOnlyList<long> ids, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Newest first by number (the order they were stored in); <paramref name="limit"/> rows at most.</summary>
    Task<IReadOnlyList<OutboxMessage>> ListAsync(ulong? deviceId, OutboxState? state, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Each device's newest <paramref name="perDevice"/> messages, in one statement: what
    /// <see cref="ListAsync"/> gives for each device alone, grouped by device (in no order of devices), newest first.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> NewestOfDevicesAsync(IReadOnlyList<ulong> deviceIds, int perDevice, CancellationToken cancellationToken);

    /// <summary>Marks those of the messages still Pending Cancelled, in one statement; returns how many.</summary>
    Task<int> CancelPendingAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken);

    /// <summary>Marks every Pending message of the device Cancelled; returns how many.</summary>
    Task<int> CancelPendingAsync(ulong deviceId, CancellationToken cancellationToken);

    /// <summary>How many messages are Pending and the CreatedAt of the oldest (for /metrics).</summary>
    Task<OutboxDepth> PendingDepthAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The earliest NextAttemptAt of any Pending message <see cref="ClaimDueAsync"/> would claim by
    /// then, so the sender can sleep until then: a resend due by <paramref name="now"/> but not by
    /// <paramref name="resendsDueBy"/> is held, and left out (it waits for the uplink backlog instead).
    /// </summary>
    Task<DateTimeOffset?> NextDueAsync(DateTimeOffset now, DateTimeOffset resendsDueBy, CancellationToken cancellationToken);
}
