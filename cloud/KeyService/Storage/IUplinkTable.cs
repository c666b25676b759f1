using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Storage;

/// <summary>Which up messages were handled, so a duplicate delivery changes nothing (docs/architecture.md §5).</summary>
public interface IUplinkTable
{
    /// <summary>
    /// Records (device, message id). True if it was new; false if it was handled before — then the
    /// caller must change nothing. Two instances racing on the same uplink: one gets true, the
    /// other waits for its commit and gets false (PostgreSQL), or is serialised behind it (SQLite).
    /// </summary>
    Task<bool> TryRecordAsync(ulong deviceId, uint messageId, MessageType type, DateTimeOffset receivedAt, CancellationToken cancellationToken);
}
