using System.Diagnostics;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Metrics;

/// <summary>
/// The service's store with every session timed into <see cref="StoreMetrics"/>. It does not own
/// the store it wraps: whoever opened that store closes it, as before.
/// </summary>
public sealed class TimedKeyStore(IKeyStore store, StoreMetrics metrics) : IKeyStore
{
    public string Kind => store.Kind;

    public Task MigrateAsync(CancellationToken cancellationToken) => store.MigrateAsync(cancellationToken);

    public Task<int> SchemaVersionAsync(CancellationToken cancellationToken) => store.SchemaVersionAsync(cancellationToken);

    public async Task<IStoreSession> BeginAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        return new TimedSession(await store.BeginAsync(cancellationToken), metrics, started, readOnly: false);
    }

    public async Task<IStoreSession> BeginReadAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        return new TimedSession(await store.BeginReadAsync(cancellationToken), metrics, started, readOnly: true);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class TimedSession(IStoreSession session, StoreMetrics metrics, long started, bool readOnly) : IStoreSession
    {
        private bool _committed;

        int IStoreSession.Statements => session.Statements;

        int IStoreSession.RoundTrips => session.RoundTrips;

        T IStoreSession.Table<T>(Func<SqlStoreSession, T> make) => session.Table(make);

        void IStoreSession.OnCommitted(Action action) => session.OnCommitted(action);

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            await session.CommitAsync(cancellationToken);
            _committed = true;
        }

        public async ValueTask DisposeAsync()
        {
            await session.DisposeAsync();
            metrics.Ended(Stopwatch.GetElapsedTime(started), readOnly ? "read" : _committed ? "commit" : "rollback", session.Statements, session.RoundTrips);
        }
    }
}
