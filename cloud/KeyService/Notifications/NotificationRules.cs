using System.Text.Json.Nodes;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Hosting;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Storage;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.KeyService.Notifications;

/// <summary>
/// Which durable record becomes which notification, for whom. The only place that knows the audit
/// actions and device event kinds that people hear about; recipients come from <see cref="RecipientResolver"/>.
/// Refused actions (an audit result other than "ok") tell nobody.
/// </summary>
public static class NotificationRules
{
    public static async Task<IReadOnlyList<DerivedNotification>> FromEventAsync(IStoreSession session, DeviceEvent e, CancellationToken cancellationToken)
    {
        var (type, data) = e.Kind switch
        {
            EventKind.Unlocked => (NotificationType.DeviceUnlocked, new JsonObject()),
            EventKind.Locked => (NotificationType.DeviceLocked, new JsonObject()),
            EventKind.Started => (NotificationType.DeviceStarted, new JsonObject()),
            EventKind.Refused => (NotificationType.DeviceRefused, new JsonObject { ["reason"] = Names.Of((RefusalReason)e.Detail) }),
            EventKind.LockedOut => (NotificationType.DeviceLockedOut, new JsonObject()),
            EventKind.Occupancy => (NotificationType.OccupancyChanged, new JsonObject { ["occupied"] = e.Value == 1 }),
            EventKind.StateOfCharge => (NotificationType.StateOfCharge, new JsonObject { ["percent"] = (int)e.Value }),
            EventKind.RemoteLocked => (NotificationType.RemoteLockOutcome, new JsonObject
            {
                ["status"] = "done",
                ["target"] = Names.Of((RemoteLockTarget)e.Detail),
                ["action"] = Names.Of((RemoteLockAction)e.Value),
            }),
            _ => ((NotificationType?)null, new JsonObject()),
        };
        if (type is not { } known)
        {
            return [];
        }

        var device = await session.Devices.GetAsync(e.DeviceId, forUpdate: false, cancellationToken);
        if (device is null)
        {
            return [];
        }

        data["deviceId"] = Ids.Format(device.Id);
        data["deviceName"] = device.Name;
        data["deviceTime"] = DateTimeOffset.FromUnixTimeSeconds(e.DeviceTime).ToString("O");
        ulong? keyId = null;
        if (e.KeyId != 0 && await session.Keys.GetAsync(e.KeyId, cancellationToken) is { DeviceId: var keyDevice } key && keyDevice == device.Id)
        {
            keyId = key.Id;
            data["keyId"] = Ids.Format(key.Id);
            data["keyType"] = KeyTypes.Name(key.Type);
            data["holderId"] = Ids.Format(key.HolderId);
            if (await session.Users.GetAsync(key.HolderId, cancellationToken) is { } holder)
            {
                data["holderName"] = holder.Name;
            }
        }

        var recipients = known is NotificationType.StateOfCharge or NotificationType.RemoteLockOutcome
            ? await RecipientResolver.OwnersOfAsync(session, device.Id, cancellationToken)
            : await RecipientResolver.ManagersOfAsync(session, device.Id, cancellationToken);
        return [new DerivedNotification(known, recipients, e.ReceivedAt, device.Id, keyId, data)];
    }

    public static async Task<IReadOnlyList<DerivedNotification>> FromAuditAsync(IStoreSession session, AuditEntry entry, CancellationToken cancellationToken)
    {
        switch (entry.Action)
        {
            case "device.ack.remotelock":
                // The device's answer to a RemoteLock: its status is the entry's result.
                return DeviceTarget(entry) is { } lockedDevice
                    ? [new DerivedNotification(
                        NotificationType.RemoteLockOutcome,
                        await RecipientResolver.OwnersOfAsync(session, lockedDevice, cancellationToken),
                        entry.At,
                        lockedDevice,
                        null,
                        new JsonObject { ["deviceId"] = Ids.Format(lockedDevice), ["status"] = entry.Result })]
                    : [];
            case "key.issue" or "key.share" or "key.freeze" or "key.unfreeze" or "key.revoke" or "key.give-up" or "key.validity" when entry.Result == "ok":
                return await KeyChangeAsync(session, entry, cancellationToken);
            case "rental.return" when entry.Result == "ok":
                return await RentalReturnAsync(session, entry, cancellationToken);
            case "rotation.give-up" when entry.Result == "ok":
            case "device.silent" when entry.Result == "ok":
                return DeviceTarget(entry) is { } device
                    ? [new DerivedNotification(
                        entry.Action == "rotation.give-up" ? NotificationType.RotationGaveUp : NotificationType.DeviceSilent,
                        await RecipientResolver.OperatorsAsync(session, cancellationToken),
                        entry.At,
                        device,
                        null,
                        WithDetail(new JsonObject { ["deviceId"] = Ids.Format(device) }, entry.Detail))]
                    : [];
            default:
                return [];
        }
    }

    private static async Task<IReadOnlyList<DerivedNotification>> KeyChangeAsync(IStoreSession session, AuditEntry entry, CancellationToken cancellationToken)
    {
        if (!TryTargetId(entry.Target, "key:", out var keyId) || await session.Keys.GetAsync(keyId, cancellationToken) is not { } key)
        {
            return [];
        }

        var type = entry.Action switch
        {
            "key.issue" => key.Type == KeyType.Shared ? NotificationType.KeyShared : NotificationType.KeyIssued,
            "key.share" => NotificationType.KeyShared,
            "key.freeze" => NotificationType.KeyFrozen,
            "key.unfreeze" => NotificationType.KeyUnfrozen,
            "key.revoke" or "key.give-up" => NotificationType.KeyRevoked,
            _ => NotificationType.KeyValidityChanged,
        };
        return [KeyNotification(type, key, entry, new JsonObject { ["by"] = entry.Actor })];
    }

    private static async Task<IReadOnlyList<DerivedNotification>> RentalReturnAsync(IStoreSession session, AuditEntry entry, CancellationToken cancellationToken)
    {
        if (!entry.Target.StartsWith("rental:", StringComparison.Ordinal) || !long.TryParse(entry.Target.AsSpan("rental:".Length), out var rentalId)
            || await session.Rentals.GetAsync(rentalId, cancellationToken) is not { } rental
            || await session.Keys.GetAsync(rental.KeyId, cancellationToken) is not { } key)
        {
            return [];
        }

        return [KeyNotification(NotificationType.KeyRevoked, key, entry, new JsonObject { ["by"] = entry.Actor, ["reason"] = "rental-returned", ["rentalId"] = rental.Id })];
    }

    private static DerivedNotification KeyNotification(NotificationType type, VirtualKey key, AuditEntry entry, JsonObject data)
    {
        data["keyId"] = Ids.Format(key.Id);
        data["deviceId"] = Ids.Format(key.DeviceId);
        data["keyType"] = KeyTypes.Name(key.Type);
        data["state"] = Api.Json.Name(key.State);
        data["notBefore"] = DateTimeOffset.FromUnixTimeSeconds(key.NotBefore).ToString("O");
        data["notAfter"] = DateTimeOffset.FromUnixTimeSeconds(key.NotAfter).ToString("O");
        return new DerivedNotification(type, RecipientResolver.HolderOf(key), entry.At, key.DeviceId, key.Id, data);
    }

    private static ulong? DeviceTarget(AuditEntry entry) => TryTargetId(entry.Target, "device:", out var id) ? id : null;

    private static bool TryTargetId(string target, string prefix, out ulong id)
    {
        id = 0;
        return target.StartsWith(prefix, StringComparison.Ordinal)
            && ulong.TryParse(target.AsSpan(prefix.Length), System.Globalization.NumberStyles.AllowHexSpecifier, null, out id);
    }

    /// <summary>An audit detail ("rotation=7 epoch=3 attempts=5") as data fields.</summary>
    private static JsonObject WithDetail(JsonObject data, string detail)
    {
        foreach (var part in detail.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            if (equals > 0 && !data.ContainsKey(part[..equals]))
            {
                data[part[..equals]] = part[(equals + 1)..];
            }
        }

        return data;
    }
}
