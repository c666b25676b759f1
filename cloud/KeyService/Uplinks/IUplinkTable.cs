using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Uplinks;

/// <summary>Which up messages were handled, so a duplicate delivery changes nothing (docs/architecture.md §5).</summary>
public interface IUplinkTable
{
    /// <summary>
    /// Records (device, message id). True if it was new; false if it was handled before — then the
    /// caller must change nothing. Two instances racing on the same uplink: one gets true, the
    /// other waits for its commit and gets false (PostgreSQL), or is serialised behind it (SQLite).
    /// </summary>
    Task<bool> TryRecordAsync(ulong deviceId, uint messageId, MessageType type, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    /// <summary>Records each uplink as <see cref="TryRecordAsync(ulong, uint, MessageType, DateTimeOffset, CancellationToken)"/> does, in order (on PostgreSQL in one round trip); whether each was new.</summary>
    Task<IReadOnlyList<bool>> TryRecordAsync(IReadOnlyList<HandledUplink> uplinks, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets uplinks that are both received before <paramref name="receivedBefore"/> and not among the newest
    /// <paramref name="keepPerDevice"/> of their device; returns how many. The newest are those of the highest
    /// message ids: a device numbers its up frames upwards and never gives an id twice (firmware UplinkIds), so its
    /// ids are the order it sent them in, also for a frame that first arrived late. Both rules must agree, so a duplicate can
    /// still be recognised when it comes late (a device offline for weeks resending its unacknowledged batch: it sent
    /// nothing newer meanwhile) and when it comes soon after much traffic.
    /// </summary>
    Task<int> PruneAsync(DateTimeOffset receivedBefore, int keepPerDevice, CancellationToken cancellationToken);
}

/// <summary>An up message as <see cref="IUplinkTable.TryRecordAsync(IReadOnlyList{HandledUplink}, CancellationToken)"/> records it.</summary>
public sealed record HandledUplink(ulong DeviceId, uint MessageId, MessageType Type, DateTimeOffset ReceivedAt);
