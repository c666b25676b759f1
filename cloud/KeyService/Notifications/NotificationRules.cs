using System.Collections.Frozen;
using System.Text.Json.Nodes;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Rentals;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Users;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.KeyService.Notifications;

/// <summary>
/// Which durable record becomes which notification, for whom. The only place that knows the audit
/// actions and device event kinds that people hear about (<see cref="ByAction"/>, <see cref="ByKind"/>);
/// recipients come from <see cref="RecipientResolver"/>. Refused actions (an audit result other than
/// "ok") tell nobody; a device's own outcomes (device.ack.remotelock, vehicle.remote-lock.outcome)
/// carry what the device did as their result. The audit log and the device events sit below this
/// folder and store a record the pipeline need not read as read already: they decide that by
/// <see cref="AuditNotice"/> and <see cref="DeviceEventNotice"/>, mirrors of <see cref="Tells(string, string)"/>
/// and <see cref="Tells(EventKind, byte)"/> that a test holds to these tables.
/// </summary>
public static class NotificationRules
{
    public static async Task<IReadOnlyList<DerivedNotification>> FromEventAsync(IStoreSession session, DeviceEvent e, CancellationToken cancellationToken)
    {
        if (!ByKind.TryGetValue(e.Kind, out var rule) || !rule.Tells(e.Detail))
        {
            return [];
        }

        var (known, data) = rule.Derive(e);
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

    /// <summary>
    /// The keys <see cref="FromAuditAsync"/> reads first for these entries (each key action's own key),
    /// so a batch can read them in one statement instead of one each.
    /// </summary>
    public static IReadOnlyList<ulong> KeysToRead(IEnumerable<AuditEntry> entries) =>
        [.. entries.Where(entry => entry.Result == "ok" && KeyChangeActions.Contains(entry.Action))
            .Select(entry => TryTargetId(entry.Target, "key:", out var keyId) ? keyId : 0)
            .Where(keyId => keyId != 0)
            .Distinct()];

    /// <param name="read">Keys already read for this batch (<see cref="KeysToRead"/>), by id; any other is read here.</param>
    public static async Task<IReadOnlyList<DerivedNotification>> FromAuditAsync(IStoreSession session, AuditEntry entry, IReadOnlyDictionary<ulong, VirtualKey> read, CancellationToken cancellationToken) =>
        Tells(entry.Action, entry.Result)
            ? await ByAction[entry.Action].Derive(session, entry, read, cancellationToken)
            : [];

    /// <summary>
    /// Whether an audit entry of <paramref name="action"/> with <paramref name="result"/> can become a
    /// notification: an action of <see cref="ByAction"/>, and "ok" unless its rule hears every result.
    /// No other entry is worth the pipeline's reading; <see cref="AuditNotice"/> mirrors this.
    /// </summary>
    public static bool Tells(string action, string result) =>
        ByAction.TryGetValue(action, out var rule) && (rule.EveryResult || result == "ok");

    /// <summary>Whether a device event can become a notification: a kind of <see cref="ByKind"/> that its rule tells; <see cref="DeviceEventNotice"/> mirrors this.</summary>
    public static bool Tells(EventKind kind, byte detail) =>
        ByKind.TryGetValue(kind, out var rule) && rule.Tells(detail);

    /// <summary>The audit actions people hear of, and whether every result of each is heard or only "ok".</summary>
    public static IEnumerable<(string Action, bool EveryResult)> AuditActions => ByAction.Select(pair => (pair.Key, pair.Value.EveryResult));

    private delegate Task<IReadOnlyList<DerivedNotification>> DeriveFromAudit(IStoreSession session, AuditEntry entry, IReadOnlyDictionary<ulong, VirtualKey> read, CancellationToken cancellationToken);

    /// <summary>What an audit action tells: a device's own outcomes (<paramref name="EveryResult"/>) whatever it answered, the rest only when they succeeded.</summary>
    private sealed record AuditRule(bool EveryResult, DeriveFromAudit Derive);

    /// <summary>What a device event tells, when <paramref name="Tells"/> says its detail tells anything.</summary>
    private sealed record EventRule(Func<byte, bool> Tells, Func<DeviceEvent, (NotificationType Type, JsonObject Data)> Derive);

    /// <summary>
    /// The audit actions on a key whose holders (and, for some, others) hear of them when they succeed.
    /// Written before <see cref="ByAction"/>, which is made from it: static fields start in the order they are written.
    /// </summary>
    private static readonly HashSet<string> KeyChangeActions =
        ["key.issue", "key.share", "key.freeze", "key.unfreeze", "key.revoke", "key.give-up", "key.validity", "key.transferred"];

    /// <summary>The one table of the audit actions people hear of: <see cref="FromAuditAsync"/> derives by it, <see cref="Tells(string, string)"/> answers from it.</summary>
    private static readonly FrozenDictionary<string, AuditRule> ByAction = new Dictionary<string, AuditRule>
    {
        // The device's answer to a RemoteLock: its status is the entry's result.
        ["device.ack.remotelock"] = new(EveryResult: true, (session, entry, _, cancellationToken) => RemoteLockAnswerAsync(session, entry, cancellationToken)),
        // Every step of a remote lock, to the car's owners: requested (by whom), then what the car did.
        ["vehicle.remote-lock"] = new(EveryResult: false, (session, entry, _, cancellationToken) => RemoteLockStepAsync(session, entry, cancellationToken)),
        ["vehicle.remote-release"] = new(EveryResult: false, (session, entry, _, cancellationToken) => RemoteLockStepAsync(session, entry, cancellationToken)),
        ["vehicle.remote-lock.outcome"] = new(EveryResult: true, (session, entry, _, cancellationToken) => RemoteLockStepAsync(session, entry, cancellationToken)),
        ["vehicle.low-charge"] = new(EveryResult: false, (session, entry, _, cancellationToken) => LowChargeAsync(session, entry, cancellationToken)),
        ["rental.return"] = new(EveryResult: false, (session, entry, _, cancellationToken) => RentalReturnAsync(session, entry, cancellationToken)),
        ["reservation.cancel"] = new(EveryResult: false, (session, entry, _, cancellationToken) => ReservationEndAsync(session, entry, cancellationToken)),
        ["reservation.release"] = new(EveryResult: false, (session, entry, _, cancellationToken) => ReservationEndAsync(session, entry, cancellationToken)),
        ["rotation.give-up"] = new(EveryResult: false, (session, entry, _, cancellationToken) => ToOperatorsAsync(session, NotificationType.RotationGaveUp, entry, cancellationToken)),
        ["device.silent"] = new(EveryResult: false, (session, entry, _, cancellationToken) => ToOperatorsAsync(session, NotificationType.DeviceSilent, entry, cancellationToken)),
    }
        .Concat(KeyChangeActions.Select(action => KeyValuePair.Create(action, new AuditRule(EveryResult: false, KeyChangeAsync))))
        .ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The one table of the device event kinds people hear of: <see cref="FromEventAsync"/> derives by it, <see cref="Tells(EventKind, byte)"/> answers from it.</summary>
    private static readonly FrozenDictionary<EventKind, EventRule> ByKind = new Dictionary<EventKind, EventRule>
    {
        [EventKind.Unlocked] = Always(_ => (NotificationType.DeviceUnlocked, new JsonObject())),
        [EventKind.Locked] = Always(_ => (NotificationType.DeviceLocked, new JsonObject())),
        [EventKind.Started] = Always(_ => (NotificationType.DeviceStarted, new JsonObject())),
        [EventKind.Refused] = Always(e => (NotificationType.DeviceRefused, new JsonObject { ["reason"] = Names.Of((RefusalReason)e.Detail) })),
        [EventKind.LockedOut] = Always(_ => (NotificationType.DeviceLockedOut, new JsonObject())),
        // Detail 1 is the lock's periodic heartbeat of an unchanged occupancy: nothing to tell.
        [EventKind.Occupancy] = new(detail => detail == 0, e => (NotificationType.OccupancyChanged, new JsonObject { ["occupied"] = e.Value == 1 })),
        [EventKind.AutoRaised] = Always(e => (NotificationType.DeviceLocked, new JsonObject { ["automatic"] = true, ["reason"] = e.Detail switch { 1 => "car-left", 2 => "no-car-arrived", 3 => "power-restored", _ => "other" } })),
        [EventKind.Obstructed] = Always(e => (NotificationType.DeviceObstructed, new JsonObject { ["reason"] = e.Detail switch { 1 => "space-occupied", 2 => "vehicle-while-raising", 3 => "end-stop-not-reached", _ => "other" } })),
        [EventKind.MotorFault] = Always(e => (NotificationType.MotorFault, new JsonObject { ["fault"] = e.Detail switch { 1 => "lower-timed-out", 2 => "both-end-stops", _ => "other" } })),
        [EventKind.Tampered] = Always(_ => (NotificationType.DeviceTamper, new JsonObject())),
        [EventKind.LowBattery] = Always(e => (NotificationType.LowBattery, new JsonObject { ["percent"] = (int)e.Value })),
        [EventKind.StateOfCharge] = Always(e => (NotificationType.StateOfCharge, new JsonObject { ["percent"] = (int)e.Value })),
    }.ToFrozenDictionary();

    private static EventRule Always(Func<DeviceEvent, (NotificationType Type, JsonObject Data)> derive) => new(_ => true, derive);

    private static async Task<IReadOnlyList<DerivedNotification>> RemoteLockAnswerAsync(IStoreSession session, AuditEntry entry, CancellationToken cancellationToken) =>
        DeviceTarget(entry) is { } lockedDevice
            ? [new DerivedNotification(
                NotificationType.RemoteLockOutcome,
                await RecipientResolver.OwnersOfAsync(session, lockedDevice, cancellationToken),
                entry.At,
                lockedDevice,
                null,
                new JsonObject { ["deviceId"] = Ids.Format(lockedDevice), ["status"] = entry.Result })]
            : [];

    private static async Task<IReadOnlyList<DerivedNotification>> RemoteLockStepAsync(IStoreSession session, AuditEntry entry, CancellationToken cancellationToken) =>
        DeviceTarget(entry) is { } car
            ? [new DerivedNotification(
                NotificationType.RemoteLockOutcome,
                await RecipientResolver.OwnersOfAsync(session, car, cancellationToken),
                entry.At,
                car,
                null,
                RemoteLockStep(car, entry))]
            : [];

    private static async Task<IReadOnlyList<DerivedNotification>> LowChargeAsync(IStoreSession session, AuditEntry entry, CancellationToken cancellationToken) =>
        DeviceTarget(entry) is { } low
            ? [LowChargePrompt(await RecipientResolver.OwnersOfAsync(session, low, cancellationToken), low, entry)]
            : [];

    private static async Task<IReadOnlyList<DerivedNotification>> ToOperatorsAsync(IStoreSession session, NotificationType type, AuditEntry entry, CancellationToken cancellationToken) =>
        DeviceTarget(entry) is { } device
            ? [new DerivedNotification(
                type,
                await RecipientResolver.OperatorsAsync(session, cancellationToken),
                entry.At,
                device,
                null,
                WithDetail(new JsonObject { ["deviceId"] = Ids.Format(device) }, entry.Detail))]
            : [];

    /// <summary>
    /// A key's holder hears what was done to their key. Revoke, freeze, unfreeze and give-up act on
    /// the key and everything shared from it: each holder in that subtree whose key the action
    /// changed hears it too; a share given up is also told to whoever shared it.
    /// </summary>
    private static async Task<IReadOnlyList<DerivedNotification>> KeyChangeAsync(IStoreSession session, AuditEntry entry, IReadOnlyDictionary<ulong, VirtualKey> read, CancellationToken cancellationToken)
    {
        if (!TryTargetId(entry.Target, "key:", out var keyId) || (read.GetValueOrDefault(keyId) ?? await session.Keys.GetAsync(keyId, cancellationToken)) is not { } key)
        {
            return [];
        }

        var by = new JsonObject { ["by"] = entry.Actor };
        switch (entry.Action)
        {
            case "key.issue" or "key.share":
                return [KeyNotification(key.Type == KeyType.Shared ? NotificationType.KeyShared : NotificationType.KeyIssued, key, entry, by)];
            case "key.validity":
                return [KeyNotification(NotificationType.KeyValidityChanged, key, entry, by)];
            case "key.transferred":
                return await TransferredAsync(session, key, entry, cancellationToken);
        }

        var type = entry.Action switch
        {
            "key.freeze" => NotificationType.KeyFrozen,
            "key.unfreeze" => NotificationType.KeyUnfrozen,
            _ => NotificationType.KeyRevoked,
        };
        var told = (await ChangedByAsync(session, key, entry, cancellationToken))
            .Select(changed => KeyNotification(type, changed, entry, new JsonObject { ["by"] = entry.Actor, ["reason"] = entry.Action == "key.give-up" ? "given-up" : null }))
            .ToList();
        if (entry.Action == "key.give-up" && await session.Keys.GetAsync(key.ParentKeyId, cancellationToken) is { } parent)
        {
            told.Add(KeyNotification(NotificationType.KeyGivenUp, key, entry, by) with { Recipients = RecipientResolver.HolderOf(parent) });
        }

        return told;
    }

    /// <summary>
    /// The sharer and the device's managers hear that the sharer's key went to its transfer share;
    /// holders of co-use shares made from it hear theirs were revoked with it.
    /// </summary>
    private static async Task<IReadOnlyList<DerivedNotification>> TransferredAsync(IStoreSession session, VirtualKey key, AuditEntry entry, CancellationToken cancellationToken)
    {
        var data = WithDetail(new JsonObject { ["by"] = entry.Actor }, entry.Detail);
        var told = new List<DerivedNotification>
        {
            KeyNotification(NotificationType.KeyTransferred, key, entry, data) with
            {
                Recipients = RecipientResolver.HolderOf(key).Concat(await RecipientResolver.ManagersOfAsync(session, key.DeviceId, cancellationToken)).Distinct().ToList(),
            },
        };
        told.AddRange((await ChangedByAsync(session, key, entry, cancellationToken))
            .Where(changed => changed.Id != key.Id && changed.State == KeyState.Revoked)
            .Select(changed => KeyNotification(NotificationType.KeyRevoked, changed, entry, new JsonObject { ["by"] = entry.Actor, ["reason"] = "transferred" })));
        return told;
    }

    private static async Task<IReadOnlyList<DerivedNotification>> RentalReturnAsync(IStoreSession session, AuditEntry entry, CancellationToken cancellationToken)
    {
        if (!entry.Target.StartsWith("rental:", StringComparison.Ordinal) || !long.TryParse(entry.Target.AsSpan("rental:".Length), out var rentalId)
            || await session.Rentals.GetAsync(rentalId, cancellationToken) is not { } rental
            || await session.Keys.GetAsync(rental.KeyId, cancellationToken) is not { } key)
        {
            return [];
        }

        return (await ChangedByAsync(session, key, entry, cancellationToken))
            .Select(changed => KeyNotification(NotificationType.KeyRevoked, changed, entry, new JsonObject { ["by"] = entry.Actor, ["reason"] = "rental-returned", ["rentalId"] = rental.Id }))
            .ToList();
    }

    /// <summary>
    /// A reservation's key was revoked with it: every holder whose key that changed hears why; for a
    /// no-show release the renter also hears that the reservation is gone and why (the entry's detail
    /// carries the reservation's terms, so this needs nothing but the audit entry and the key).
    /// </summary>
    private static async Task<IReadOnlyList<DerivedNotification>> ReservationEndAsync(IStoreSession session, AuditEntry entry, CancellationToken cancellationToken)
    {
        var detail = WithDetail([], entry.Detail);
        if (!TryTargetId(entry.Target, "reservation:", out var reservationId)
            || detail["key"]?.GetValue<string>() is not { } keyText
            || !TryTargetId(keyText, string.Empty, out var keyId)
            || await session.Keys.GetAsync(keyId, cancellationToken) is not { } key)
        {
            return [];
        }

        var released = entry.Action == "reservation.release";
        var told = (await ChangedByAsync(session, key, entry, cancellationToken))
            .Select(changed => KeyNotification(NotificationType.KeyRevoked, changed, entry, new JsonObject
            {
                ["by"] = entry.Actor,
                ["reason"] = released ? "reservation-released" : "reservation-cancelled",
                ["reservationId"] = Ids.Format(reservationId),
            }))
            .ToList();
        if (released)
        {
            var data = WithDetail(new JsonObject { ["reservationId"] = Ids.Format(reservationId), ["keyId"] = Ids.Format(key.Id), ["deviceId"] = Ids.Format(key.DeviceId) }, entry.Detail);
            data.Remove("key");
            told.Add(new DerivedNotification(NotificationType.ReservationReleased, RecipientResolver.HolderOf(key), entry.At, key.DeviceId, key.Id, data));
        }

        return told;
    }

    /// <summary>
    /// The keys the audited action changed: <paramref name="key"/> itself (an "ok" entry means it
    /// changed), and the keys of its subtree written in the same step — an action stamps every key
    /// it changes with one time, so they carry the key's own. When the key has changed again since
    /// (a newer time than the entry's), only the key is told here; the later action tells the rest.
    /// </summary>
    private static async Task<IReadOnlyList<VirtualKey>> ChangedByAsync(IStoreSession session, VirtualKey key, AuditEntry entry, CancellationToken cancellationToken)
    {
        if (key.UpdatedAt > entry.At)
        {
            return [key];
        }

        var tree = await KeyTree.LoadAsync(session, key.DeviceId, [key.Id], cancellationToken);
        return tree.Subtree(tree.Get(key.Id))
            .Select(member => member.Key)
            .Where(member => member.Id == key.Id || member.UpdatedAt == key.UpdatedAt)
            .ToList();
    }

    private static DerivedNotification KeyNotification(NotificationType type, VirtualKey key, AuditEntry entry, JsonObject data)
    {
        if (data["reason"] is null)
        {
            data.Remove("reason");
        }

        data["keyId"] = Ids.Format(key.Id);
        data["deviceId"] = Ids.Format(key.DeviceId);
        data["keyType"] = KeyTypes.Name(key.Type);
        data["state"] = Api.Json.Name(key.State);
        data["notBefore"] = DateTimeOffset.FromUnixTimeSeconds(key.NotBefore).ToString("O");
        data["notAfter"] = DateTimeOffset.FromUnixTimeSeconds(key.NotAfter).ToString("O");
        return new DerivedNotification(type, RecipientResolver.HolderOf(key), entry.At, key.DeviceId, key.Id, data);
    }

    /// <summary>A remote-lock step: "requested" (with who and which action) or the car's outcome (the entry's result), with the request's detail.</summary>
    private static JsonObject RemoteLockStep(ulong car, AuditEntry entry)
    {
        var data = new JsonObject { ["deviceId"] = Ids.Format(car) };
        if (entry.Action == "vehicle.remote-lock.outcome")
        {
            data["status"] = entry.Result;
        }
        else
        {
            data["status"] = "requested";
            data["action"] = entry.Action == "vehicle.remote-release" ? "release" : "lock";
            data["by"] = entry.Actor;
        }

        return WithDetail(data, entry.Detail);
    }

    /// <summary>R3.2: "battery low — lock the car?", with the action that answers it (the route, and the same as a command).</summary>
    private static DerivedNotification LowChargePrompt(IReadOnlyList<ulong> owners, ulong device, AuditEntry entry)
    {
        var data = WithDetail(new JsonObject { ["deviceId"] = Ids.Format(device), ["low"] = true }, entry.Detail);
        if (data["vin"]?.GetValue<string>() is { } vin && data["prompt"]?.GetValue<string>() is { } prompt)
        {
            data["action"] = new JsonObject
            {
                ["title"] = "Lock the car",
                ["method"] = "POST",
                ["path"] = $"/v1/vehicles/{vin}/remote-lock",
                ["body"] = new JsonObject { ["promptId"] = long.Parse(prompt, System.Globalization.CultureInfo.InvariantCulture) },
                ["command"] = $"sharekey vehicle remote-lock {vin} --prompt {prompt}",
            };
        }

        return new DerivedNotification(NotificationType.StateOfCharge, owners, entry.At, device, null, data);
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
