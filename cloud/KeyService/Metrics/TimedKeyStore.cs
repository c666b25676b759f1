using System.Diagnostics;
using ShareKey.KeyService.Notifications;
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
        return new TimedSession(await store.BeginAsync(cancellationToken), metrics, started);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class TimedSession(IStoreSession session, StoreMetrics metrics, long started) : IStoreSession
    {
        private bool _committed;

        public IDeviceTable Devices => session.Devices;

        public IBindingTable Bindings => session.Bindings;

        public IKeyTable Keys => session.Keys;

        public IRentalTable Rentals => session.Rentals;

        public IRotationTable Rotations => session.Rotations;

        public IOutboxTable Outbox => session.Outbox;

        public IUplinkTable Uplinks => session.Uplinks;

        public IDeviceReportTable Reports => session.Reports;

        public IAuditTable Audit => session.Audit;

        public INotificationTable Notifications => session.Notifications;

        public INotificationSourceTable NotificationSources => session.NotificationSources;

        public IWebhookTable Webhooks => session.Webhooks;

        public IGarageTable Garages => session.Garages;

        public ISpaceTable Spaces => session.Spaces;

        public IReservationTable Reservations => session.Reservations;

        public IOccupancyTable Occupancy => session.Occupancy;

        public IRemoteLockTable RemoteLocks => session.RemoteLocks;

        T IStoreSession.Table<T>(Func<SqlStoreSession, T> make) => session.Table(make);

        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            await session.CommitAsync(cancellationToken);
            _committed = true;
        }

        public async ValueTask DisposeAsync()
        {
            await session.DisposeAsync();
            metrics.Ended(Stopwatch.GetElapsedTime(started), _committed);
        }
    }
}
