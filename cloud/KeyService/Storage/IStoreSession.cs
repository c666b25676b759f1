using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Storage;

/// <summary>One transaction over every table. Dispose without committing = roll back.</summary>
public interface IStoreSession : IAsyncDisposable
{
    IDeviceTable Devices { get; }

    IBindingTable Bindings { get; }

    IKeyTable Keys { get; }

    IRentalTable Rentals { get; }

    IRotationTable Rotations { get; }

    IOutboxTable Outbox { get; }

    IUplinkTable Uplinks { get; }

    IDeviceReportTable Reports { get; }

    IAuditTable Audit { get; }

    INotificationTable Notifications { get; }

    INotificationSourceTable NotificationSources { get; }

    IWebhookTable Webhooks { get; }

    IGarageTable Garages { get; }

    ISpaceTable Spaces { get; }

    IReservationTable Reservations { get; }

    IOccupancyTable Occupancy { get; }
    IRemoteLockTable RemoteLocks { get; }

    Task CommitAsync(CancellationToken cancellationToken);

    /// <summary>
    /// This session's one instance of a table, made by <paramref name="make"/> on first use. A
    /// feature keeps its table beside itself and offers it as an extension property
    /// (`session.Users`), so the store names no feature.
    /// </summary>
    internal T Table<T>(Func<SqlStoreSession, T> make)
        where T : class;
}
