namespace ShareKey.KeyService.Storage;

/// <summary>
/// The service's one store. Two implementations (SQLite, the default; PostgreSQL for several
/// instances) pass the same test suite. Every change happens inside a session, which is one
/// database transaction: disposing a session without <see cref="IStoreSession.CommitAsync"/>
/// rolls it back, so a crash at any point leaves either all of a step or none of it.
/// </summary>
public interface IKeyStore : IAsyncDisposable
{
    /// <summary>"sqlite" or "postgresql", for logs and the health endpoint.</summary>
    string Kind { get; }

    /// <summary>Brings the schema to the newest version; safe to call on every start and from several instances at once.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>The schema version the database is at (the number of migrations applied).</summary>
    Task<int> SchemaVersionAsync(CancellationToken cancellationToken);

    /// <summary>Opens a transaction. Write sessions on SQLite are serialised (BEGIN IMMEDIATE).</summary>
    Task<IStoreSession> BeginAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Opens a session that only reads, and sees every session committed before it began: on SQLite
    /// one of a few read connections (WAL lets them read beside the one writer instead of queueing
    /// for it), on PostgreSQL a read-only connection whose statements each see the last commit, as
    /// READ COMMITTED does. A write in it fails; nothing in it is committed.
    /// </summary>
    Task<IStoreSession> BeginReadAsync(CancellationToken cancellationToken);
}
