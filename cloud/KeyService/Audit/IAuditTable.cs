namespace ShareKey.KeyService.Audit;

public interface IAuditTable
{
    /// <summary>Appends the entry (its id is ignored); returns the new id.</summary>
    Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Appends the entries (on PostgreSQL in one statement); returns their new ids, in the entries' order.</summary>
    Task<IReadOnlyList<long>> AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken);

    /// <summary>
    /// Appends the entry with the session's commit, where its id is not wanted: on PostgreSQL in the
    /// commit's round trip (<see cref="Storage.Sql.SqlStoreSession.ExecuteWithCommitAsync"/>).
    /// </summary>
    Task AppendWithCommitAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary><see cref="AppendWithCommitAsync(AuditEntry, CancellationToken)"/> for each entry; on PostgreSQL one statement for them all.</summary>
    Task AppendWithCommitAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken);

    /// <summary>Entries matching every filter given, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken);
}
