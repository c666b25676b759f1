using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Storage;

/// <summary>One transaction over every table. Dispose without committing = roll back.</summary>
public interface IStoreSession : IAsyncDisposable
{
    Task CommitAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="action"/> once this session has committed, and never if it rolls back: what
    /// may only happen to committed data (a down message sent). It must not throw.
    /// </summary>
    internal void OnCommitted(Action action);

    /// <summary>Statements this session has sent so far (for the store's metrics).</summary>
    internal int Statements { get; }

    /// <summary>Calls to the database so far: a batch of statements sent together counts once (for the store's metrics).</summary>
    internal int RoundTrips { get; }

    /// <summary>
    /// This session's one instance of a table, made by <paramref name="make"/> on first use. A
    /// feature keeps its table beside itself and offers it as an extension property
    /// (`session.Users`), so the store names no feature.
    /// </summary>
    internal T Table<T>(Func<SqlStoreSession, T> make)
        where T : class;
}
