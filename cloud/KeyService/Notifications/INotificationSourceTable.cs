using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;

namespace ShareKey.KeyService.Notifications;

/// <summary>
/// The durable records notifications are derived from — audit entries and stored device events —
/// as the pipeline reads them: a row that can become a notification is pending until read once;
/// every other is stored read (<see cref="AuditNotice"/>, <see cref="DeviceEventNotice"/>).
/// </summary>
public interface INotificationSourceTable
{
    /// <summary>Takes the pipeline's lock for the rest of the session (one deriver at a time, across instances).</summary>
    Task LockPipelineAsync(CancellationToken cancellationToken);

    /// <summary>Audit entries not yet read by the pipeline, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> PendingAuditAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Device events not yet read by the pipeline, oldest first.</summary>
    Task<IReadOnlyList<DeviceEvent>> PendingEventsAsync(int limit, CancellationToken cancellationToken);

    Task MarkReadAsync(IReadOnlyList<long> auditIds, IReadOnlyList<long> eventIds, CancellationToken cancellationToken);

    /// <summary>Active devices last seen before <paramref name="seenBefore"/> whose silence since then is not yet reported.</summary>
    Task<IReadOnlyList<(ulong DeviceId, DateTimeOffset LastSeenAt)>> UnreportedSilencesAsync(DateTimeOffset seenBefore, int limit, CancellationToken cancellationToken);

    /// <summary>Records that the silence since <paramref name="lastSeenAt"/> was reported.</summary>
    Task RecordSilenceAsync(ulong deviceId, DateTimeOffset lastSeenAt, DateTimeOffset reportedAt, CancellationToken cancellationToken);
}
