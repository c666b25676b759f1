namespace ShareKey.KeyService.Audit;

public interface IAuditTable
{
    /// <summary>Appends the entry (its id is ignored); returns the new id.</summary>
    Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Entries matching every filter given, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken);
}
