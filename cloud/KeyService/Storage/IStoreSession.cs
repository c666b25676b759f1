using ShareKey.KeyService.Notifications;

namespace ShareKey.KeyService.Storage;

/// <summary>One transaction over every table. Dispose without committing = roll back.</summary>
public interface IStoreSession : IAsyncDisposable
{
    IUserTable Users { get; }

    IApiTokenTable ApiTokens { get; }

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
}
