using System.Runtime.ExceptionServices;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Users;
using ShareKey.Protocol.Identity;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Keys;

/// <summary>
/// Virtual keys (R1): issuing after checking user and vehicle, handing the holder their token and
/// secret, and revoke / freeze / unfreeze, each announced to the device by a bulletin.
/// </summary>
public sealed class KeyManager
{
    /// <summary>Default validity of a renter's or shared key when the application names none.</summary>
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromHours(24);

    /// <summary>Slack for phone and device clocks that run a little behind the cloud's.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    // One issue transaction at a time, and the most applications one takes: under load every application goes in
    // a batch, and fewer, larger batches cost PostgreSQL less per key (planning, commit, WAL flush). SQLite has one
    // writer anyway. A batch never waits for a device row held elsewhere (such an application is issued alone,
    // outside the lane), so one busy car holds up no other. Measured on 2 cores, PostgreSQL (bench README, "Keys
    // issued together"): four at once 2,500–2,850 keys/s, two 2,650–3,350, one 2,850–3,450 at half the server's
    // CPU per key of four.
    // On PostgreSQL a batch lets the next one start once all it has left is its commit (Storage/RequestBatcher.cs):
    // the commit waits on the WAL flush, 0.8 ms on average in the benchmark's runs (pg_stat_wal), while the next
    // batch locks and reads its devices (bench README, "The next issue batch during a commit"). SQLite's next
    // batch would only wait for the one writer, with fewer applications than had it started later.
    private const int IssueBatchesAtOnce = 1;
    private const int LargestIssueBatch = 64;

    private readonly IKeyStore store;
    private readonly TransactionRunner transactions;
    private readonly TokenMinter minter;
    private readonly BulletinIssuer bulletins;
    private readonly IBulletinOverflowHandler overflow;
    private readonly DeviceCrypto crypto;
    private readonly AuditLog audit;
    private readonly TimeProvider time;
    private readonly KeyIssueMetrics metrics;
    private readonly RequestBatcher<Application, IssueOutcome> applications;

    public KeyManager(IKeyStore store, TransactionRunner transactions, TokenMinter minter, BulletinIssuer bulletins, IBulletinOverflowHandler overflow, DeviceCrypto crypto, AuditLog audit, TimeProvider time, KeyIssueMetrics metrics)
    {
        this.store = store;
        this.transactions = transactions;
        this.minter = minter;
        this.bulletins = bulletins;
        this.overflow = overflow;
        this.crypto = crypto;
        this.audit = audit;
        this.time = time;
        this.metrics = metrics;
        applications = new RequestBatcher<Application, IssueOutcome>(IssueTogetherAsync, IssueBatchesAtOnce, LargestIssueBatch);
    }

    /// <summary>
    /// Issues a key (R1.1). Applications that arrive while others are being issued share their
    /// transaction (Storage/RequestBatcher.cs), each decided, refused and audited on its own as if alone.
    /// </summary>
    public async Task<IssuedKey> IssueAsync(Caller caller, KeyRequest request, CancellationToken cancellationToken)
    {
        var application = new Application(caller, request);
        var outcome = await applications.RunAsync(application, cancellationToken);
        // Its device was locked elsewhere: it waits for the lock in a transaction of its own, outside the batches' lane.
        return Unwrapped(outcome.DeviceBusy ? await IssueAloneAsync(application, skipLocked: false) : outcome);
    }

    /// <summary>Issues inside an open session (a rental's start issues its key this way); a refusal is thrown.</summary>
    public async Task<IssuedKey> IssueInSessionAsync(IStoreSession session, Caller caller, KeyRequest request, CancellationToken cancellationToken) =>
        Unwrapped((await IssueAllAsync(session, [new Application(caller, request)], skipLocked: false, cancellationToken))[0]);

    /// <summary>
    /// One transaction for the batch, which never waits for a lock: an application whose device another
    /// session holds comes back <see cref="IssueOutcome.DeviceBusy"/>, for its caller to issue alone. Should
    /// the batch fail as a whole (a store conflict, a fault), each application runs again alone, so that
    /// one application's failure stays its own.
    /// </summary>
    internal async Task<IReadOnlyList<IssueOutcome>> IssueTogetherAsync(IReadOnlyList<Application> batch, Action letNextStart)
    {
        metrics.BatchTaken(batch.Count);
        var beforeCommit = store.Kind == "postgresql" ? letNextStart : null;
        if (batch.Count == 1)
        {
            return [await IssueAloneAsync(batch[0], skipLocked: true, beforeCommit)];
        }

        try
        {
            return await IssueCommittedAsync(batch, skipLocked: true, beforeCommit);
        }
        catch (Exception)
        {
            // Told apart below, alone.
        }

        var alone = new List<IssueOutcome>(batch.Count);
        foreach (var application in batch)
        {
            alone.Add(await IssueAloneAsync(application, skipLocked: true));
        }

        return alone;
    }

    private async Task<IssueOutcome> IssueAloneAsync(Application application, bool skipLocked, Action? beforeCommit = null)
    {
        try
        {
            return (await IssueCommittedAsync([application], skipLocked, beforeCommit))[0];
        }
        catch (StoreConflictException conflict)
        {
            var error = new ServiceError(ErrorCode.Conflict, conflict.Message);
            await audit.RecordRefusalAsync(application.Caller.Actor, "key.issue", Describe(application.Request), error);
            return new IssueOutcome(null, error);
        }
        catch (Exception failure)
        {
            return new IssueOutcome(null, failure);
        }
    }

    /// <summary>
    /// Issues the batch and commits; the refusals go into the log in the same transaction. Not a request's
    /// token: the transaction serves several, and a client that hung up still gets its key, as it would
    /// had it hung up after the commit. <paramref name="beforeCommit"/> runs when all that is left is the commit
    /// (again if the transaction runs again).
    /// </summary>
    private Task<IReadOnlyList<IssueOutcome>> IssueCommittedAsync(IReadOnlyList<Application> batch, bool skipLocked, Action? beforeCommit) =>
        transactions.RunAsync("key.issue", async session =>
        {
            var outcomes = await IssueAllAsync(session, batch, skipLocked, CancellationToken.None);
            await audit.AppendRefusalsAsync(
                session,
                [.. outcomes.Select((outcome, i) => (outcome, application: batch[i]))
                    .Where(pair => pair.outcome.Failure is ServiceError)
                    .Select(pair => (pair.application.Caller.Actor, "key.issue", Describe(pair.application.Request), (ServiceError)pair.outcome.Failure!))],
                CancellationToken.None);
            beforeCommit?.Invoke();
            return outcomes;
        }, CancellationToken.None);

    /// <summary>
    /// Decides each application in order, as if each came alone after the ones before it (a device's room
    /// counts the keys issued to it earlier in the batch), and writes the keys issued with their "ok" entries.
    /// A refusal is the application's outcome; nothing of it is written. With <paramref name="skipLocked"/>,
    /// a device another session holds is not waited for: its applications are left undecided (DeviceBusy).
    /// </summary>
    private async Task<IReadOnlyList<IssueOutcome>> IssueAllAsync(IStoreSession session, IReadOnlyList<Application> batch, bool skipLocked, CancellationToken cancellationToken)
    {
        var outcomes = new IssueOutcome[batch.Count];
        var asked = new List<int>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                Authorize(batch[i].Caller, batch[i].Request);
                RequireOneVehicle(batch[i].Request);
                asked.Add(i);
            }
            catch (ServiceError refusal)
            {
                outcomes[i] = new IssueOutcome(null, refusal);
            }
        }

        var now = time.GetUtcNow();
        // The devices' rows first (Storage/Sql/DeviceLocks.cs), then what is decided on: two issues at once would
        // otherwise both find room for the last key, and a key could be minted under an epoch a rotation is replacing.
        var held = asked.Count == 0 ? [] : await session.Keys.LockIssueTargetsAsync([.. asked.Select(i => batch[i].Request)], ToDeviceTime(now), skipLocked, cancellationToken);
        var issuedTo = new Dictionary<ulong, int>();
        var keys = new List<VirtualKey>(asked.Count);
        var entries = new List<(string Actor, string Action, string Target, string Detail)>(asked.Count);
        for (var j = 0; j < asked.Count; j++)
        {
            var (caller, request) = batch[asked[j]];
            if (skipLocked && held[j].Target.Device is { } wanted && wanted.Id != held[j].LockedDeviceId)
            {
                // Held elsewhere (or the VIN moved to a device held elsewhere): decided alone, waiting for it.
                outcomes[asked[j]] = IssueOutcome.Busy;
                continue;
            }

            try
            {
                var (key, device) = Decide(request, held[j].LockedDeviceId, held[j].Target, issuedTo, now);
                issuedTo[device.Id] = issuedTo.GetValueOrDefault(device.Id) + 1;
                keys.Add(key);
                entries.Add((caller.Actor, "key.issue", KeyTarget(key.Id), $"{Describe(request)} device={device.Id:x16} epoch={key.Epoch} type={KeyTypes.Name(key.Type)}"));
                outcomes[asked[j]] = new IssueOutcome(new IssuedKey(key, minter.Mint(key, device)), null);
            }
            catch (ServiceError refusal)
            {
                outcomes[asked[j]] = new IssueOutcome(null, refusal);
            }
        }

        // The keys and their audit entries go with the commit: on PostgreSQL one round trip for them and the COMMIT.
        await session.Keys.InsertWithCommitAsync(keys, cancellationToken);
        await audit.AppendAsync(session, entries, cancellationToken);
        return outcomes;
    }

    /// <summary>The key one application gets, from what was read under its device's lock, or the refusal saying why none.</summary>
    private static (VirtualKey Key, Device Device) Decide(KeyRequest request, ulong? lockedId, IssueTarget target, Dictionary<ulong, int> issuedTo, DateTimeOffset now)
    {
        var user = target.User ?? throw new ServiceError(ErrorCode.UserNotFound, $"No user {Ids.Format(request.UserId)} to issue the key to.");
        var device = VehicleOf(request, target);
        if (device.Id != lockedId)
        {
            throw new ServiceError(ErrorCode.Conflict, $"Vehicle {request.Vin} was bound to another device while the key was being issued; ask again.");
        }

        if (device.Epoch == 0 || device.EpochKeySealed is null)
        {
            throw new ServiceError(ErrorCode.DeviceNotReady, $"Device {device.Id:x16} has not confirmed its first epoch key yet; it does on its first connection to the broker.");
        }

        BulletinIssuer.RequireRoom(device, target.LiveKeys + issuedTo.GetValueOrDefault(device.Id));
        var notBefore = request.NotBefore ?? now - ClockSkew;
        var notAfter = request.NotAfter ?? (request.Type == KeyType.Owner ? DateTimeOffset.FromUnixTimeSeconds(uint.MaxValue) : notBefore + DefaultPeriod);
        if (notAfter <= notBefore || notAfter <= now)
        {
            throw new ServiceError(ErrorCode.InvalidRequest, $"The key would never be valid: not-after {notAfter:u} must be later than not-before {notBefore:u} and than now.");
        }

        return (new VirtualKey(
            request.KeyId ?? Ids.NewId(),
            device.Id,
            user.Id,
            request.Type,
            KeyTypes.PermissionsOf(request.Type),
            Protocol.Tokens.TokenFlags.None,
            device.Epoch,
            ToDeviceTime(notBefore),
            ToDeviceTime(notAfter),
            request.MaxUses,
            ParentKeyId: 0,
            KeyState.Active,
            request.RentalId,
            now,
            now), device);
    }

    /// <summary>The key, or the application's failure thrown as it was first thrown.</summary>
    private static IssuedKey Unwrapped(IssueOutcome outcome)
    {
        if (outcome.Issued is null)
        {
            ExceptionDispatchInfo.Throw(outcome.Failure ?? new InvalidOperationException("An application left undecided (its device busy) was not issued alone."));
        }

        return outcome.Issued;
    }

    /// <summary>
    /// The key with, for its holder, the token and holder secret, plus the device's newest bulletin
    /// and a signed time for the phone to carry to a device that may be offline.
    /// </summary>
    public async Task<KeyDetails> GetAsync(Caller caller, ulong keyId, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginReadAsync(cancellationToken);
        var key = await session.Keys.GetAsync(keyId, cancellationToken) ?? throw NotFound(keyId);
        if (key.HolderId != caller.UserId)
        {
            KeyAuthority.Require(caller, await KeyTree.LoadAsync(session, key.DeviceId, [key.Id], cancellationToken), key, "see keys");
        }

        var device = await session.Devices.GetAsync(key.DeviceId, forUpdate: false, cancellationToken) ?? throw DeviceService.NotFound(key.DeviceId);
        if (key.HolderId != caller.UserId || !KeyAuthority.IsLive(key) || device.State != DeviceState.Active)
        {
            return new KeyDetails(key, null, null, null);
        }

        var secrets = crypto.SecretsOf(device);
        var now = (uint)time.GetUtcNow().ToUnixTimeSeconds();
        var signedTime = new TimeSyncMessage { DeviceId = device.Id, Time = now, Mac = DeviceCrypto.Macs.TimeMac(secrets.TimeKey, device.Id, now) };
        return new KeyDetails(key, minter.Mint(key, device), await bulletins.CurrentAsync(session, device, cancellationToken), signedTime);
    }

    /// <summary>
    /// A page of keys, newest first (<c>sharekey key list</c>): a user's own, an operator's filter of all.
    /// <paramref name="before"/> is the last key of the page before; it must be one this list shows
    /// (whatever its state now), so a cursor tells nobody about a key they could not list.
    /// </summary>
    public async Task<IReadOnlyList<VirtualKey>> PageAsync(Caller caller, ulong? deviceId, ulong? holderId, KeyState? state, ulong? before, int limit, CancellationToken cancellationToken)
    {
        if (!caller.IsOperator)
        {
            caller.RequireSelfOrOperator(holderId ?? caller.UserId, "list keys");
            holderId = caller.UserId;
        }

        await using var session = await store.BeginReadAsync(cancellationToken);
        VirtualKey? cursor = null;
        if (before is { } beforeId)
        {
            cursor = await session.Keys.GetAsync(beforeId, cancellationToken);
            if (cursor is null || cursor.DeviceId != (deviceId ?? cursor.DeviceId) || cursor.HolderId != (holderId ?? cursor.HolderId))
            {
                throw new ServiceError(ErrorCode.InvalidRequest, "before must be the nextBefore of an earlier page of the same list (the same deviceId and holderId).");
            }
        }

        return await session.Keys.PageAsync(deviceId, holderId, state, cursor, limit, cancellationToken);
    }

    /// <summary>
    /// The key and every key shared down from it, depth first (<c>sharekey key tree</c>): for anyone
    /// standing in its chain — the device's manager sees every key below the owner key.
    /// </summary>
    public async Task<IReadOnlyList<(VirtualKey Key, int Depth)>> TreeAsync(Caller caller, ulong keyId, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginReadAsync(cancellationToken);
        var found = await session.Keys.GetAsync(keyId, cancellationToken) ?? throw NotFound(keyId);
        var tree = await KeyTree.LoadAsync(session, found.DeviceId, [keyId], cancellationToken);
        var key = tree.Get(keyId);
        KeyAuthority.Require(caller, tree, key, "see key trees");
        return tree.Subtree(key);
    }

    /// <summary>
    /// Revoke, freeze or unfreeze (R1.5) a key and everything shared from it. Anyone standing in the
    /// key's chain may revoke or freeze it (its holder, a sharer above, the device's manager, an
    /// operator); a freeze is lifted only by someone standing at least as high as whoever put it
    /// (<see cref="KeyAuthority"/>). The device learns it from the next bulletin.
    /// </summary>
    public Task<VirtualKey> ChangeStandingAsync(Caller caller, ulong keyId, KeyState wanted, CancellationToken cancellationToken)
    {
        var action = wanted switch { KeyState.Revoked => "key.revoke", KeyState.Frozen => "key.freeze", _ => "key.unfreeze" };
        return audit.RunAsync(caller.Actor, action, KeyTarget(keyId), async session =>
        {
            var found = await session.Keys.GetAsync(keyId, cancellationToken) ?? throw NotFound(keyId);
            var tree = await KeyTree.LoadForChangeAsync(session, found.DeviceId, [keyId], cancellationToken);
            var key = tree.Get(keyId);
            var rank = KeyAuthority.Require(caller, tree, key, "manage keys");
            if (key.State == KeyState.Transferred)
            {
                throw new ServiceError(ErrorCode.KeyTransferred, $"Key {keyId:x16} was transferred: it is refused for good and what it gave on lives in its transfer share; act on that key instead.");
            }

            var now = time.GetUtcNow();
            int changed;
            if (wanted == KeyState.Revoked)
            {
                changed = key.State == KeyState.Revoked ? 0 : SubtreeStanding.Revoke(tree, key, now);
            }
            else if (key.State == KeyState.Revoked)
            {
                throw new ServiceError(ErrorCode.KeyRevoked, $"Key {keyId:x16} is revoked for good; issue a new one.");
            }
            else if (wanted == KeyState.Frozen)
            {
                // A second freeze from higher up takes the first one's place, so the lower freezer can no longer lift it.
                changed = key.Freeze is { } held && held.Rank <= rank ? 0 : SubtreeStanding.SetFreeze(tree, key, new KeyFreeze(caller.UserId, rank, now), now);
            }
            else
            {
                changed = SubtreeStanding.SetFreeze(tree, key, Unfreezable(tree, key, rank), now);
            }

            if (await tree.SaveAsync(session, cancellationToken) == 0)
            {
                return key;
            }

            var announced = changed == 0 ? "no standing changed" : await AnnounceAsync(session, key.DeviceId, cancellationToken);
            await audit.AppendAsync(session, caller.Actor, action, KeyTarget(keyId), $"as={KeyAuthority.Describe(rank)} keys-changed={changed} {announced}", cancellationToken);
            return tree.Get(keyId);
        }, cancellationToken);
    }

    /// <summary>
    /// Sends the device a bulletin with the standings just changed in this session; when they no
    /// longer fit in one, rotates the device's epoch (docs/protocol.md §4.5). Returns what was done, for the audit.
    /// </summary>
    public async Task<string> AnnounceAsync(IStoreSession session, ulong deviceId, CancellationToken cancellationToken)
    {
        var device = await session.Devices.GetAsync(deviceId, forUpdate: true, cancellationToken) ?? throw DeviceService.NotFound(deviceId);
        var (announced, overflowed) = await bulletins.IssueAsync(session, device, cancellationToken);
        if (overflowed)
        {
            await overflow.OnOverflowAsync(session, announced, cancellationToken);
        }

        return $"device={deviceId:x16} bulletin={announced.BulletinSequence}{(overflowed ? " overflow: epoch rotated" : string.Empty)}";
    }

    /// <summary>Null (the freeze lifted) when the key carries a freeze the caller stands high enough to lift.</summary>
    private static KeyFreeze? Unfreezable(KeyTree tree, VirtualKey key, int rank)
    {
        if (key.Freeze is not { } freeze)
        {
            throw SubtreeStanding.FrozenThrough(tree, key) is { } above
                ? new ServiceError(ErrorCode.Conflict, $"Key {key.Id:x16} is frozen because key {above.Id:x16} above it is; unfreeze that one.")
                : new ServiceError(ErrorCode.Conflict, $"Key {key.Id:x16} is not frozen.");
        }

        return rank <= freeze.Rank
            ? null
            : throw new ServiceError(ErrorCode.FrozenByHigherAuthority, $"Key {key.Id:x16} was frozen by {KeyAuthority.Describe(freeze.Rank)}; only they (or someone higher) can unfreeze it.");
    }

    public static ServiceError NotFound(ulong keyId) => new(ErrorCode.KeyNotFound, $"No key {keyId:x16}.");

    public static string KeyTarget(ulong keyId) => $"key:{keyId:x16}";

    public static uint ToDeviceTime(DateTimeOffset at) => (uint)Math.Clamp(at.ToUnixTimeSeconds(), 1, uint.MaxValue);

    /// <summary>The vehicle an application names: a car by VIN (through its T-BOX binding) or a device by id.</summary>
    public static async Task<Device> ResolveVehicleAsync(IStoreSession session, KeyRequest request, CancellationToken cancellationToken)
    {
        RequireOneVehicle(request);
        // Only the vehicle is used here, not the user or the count of live keys (at time 0: every unexpired one).
        return VehicleOf(request, await session.Keys.ReadIssueTargetAsync(request.UserId, request.Vin, request.DeviceId, now: 0, cancellationToken));
    }

    /// <summary>Exactly one of a valid VIN or a device id: checked before the store is asked.</summary>
    private static void RequireOneVehicle(KeyRequest request)
    {
        if ((request.Vin is null) == (request.DeviceId is null))
        {
            throw new ServiceError(ErrorCode.InvalidRequest, "Name the vehicle by exactly one of vin (a car) or deviceId (a parking lock).");
        }

        if (request.Vin is { } vin && Vin.Check(vin) is var problem && problem != IdentityProblem.None)
        {
            throw new ServiceError(ErrorCode.InvalidRequest, $"'{vin}' is not a valid VIN: {problem}.");
        }
    }

    /// <summary>The device in service that <paramref name="target"/> found for the request's vehicle, or the refusal saying why there is none.</summary>
    private static Device VehicleOf(KeyRequest request, IssueTarget target)
    {
        if (request.Vin is { } vin)
        {
            var bound = target.BoundDeviceId
                ?? throw new ServiceError(ErrorCode.VehicleNotBound, $"VIN {vin} is not bound to any T-BOX; the T-BOX binds it at its first power-on in the car (R4).");
            return DeviceService.InService(target.Device ?? throw DeviceService.NotFound(bound));
        }

        var device = DeviceService.InService(target.Device ?? throw DeviceService.NotFound(request.DeviceId!.Value));
        if (device.Kind == DeviceKind.TBox && target.BoundDeviceId is null)
        {
            throw new ServiceError(ErrorCode.VehicleNotBound, $"T-BOX {device.Id:x16} is not bound to a VIN yet, so it is in no car.");
        }

        return device;
    }

    /// <summary>
    /// Owner and renter keys are the roots of key trees: an operator issues them, and a user gets a
    /// renter key only through a rental or a reservation. Every other key is shared from a parent (<see cref="ISharedKeyApplications"/>),
    /// so that revoking the parent revokes it too.
    /// </summary>
    private static void Authorize(Caller caller, KeyRequest request)
    {
        if (request.Type == KeyType.Shared)
        {
            throw new ServiceError(ErrorCode.InvalidRequest, "A shared key is made by sharing the key it hangs under (POST /v1/keys/{id}/shares, `sharekey key share`).");
        }

        if (!caller.IsOperator && (request.Type == KeyType.Owner || (request.RentalId is null && request.ReservationId is null)))
        {
            throw new ServiceError(ErrorCode.Forbidden, request.Type == KeyType.Owner
                ? "Only an operator issues owner keys."
                : "Renter keys come with a rental (`sharekey rental start`) or a space reservation (`sharekey reservation make`); to let someone use your vehicle, share your key (`sharekey key share`).");
        }
    }

    private static string Describe(KeyRequest request) =>
        $"user={Ids.Format(request.UserId)} " + (request.Vin is { } vin ? $"vin={vin}" : $"device={request.DeviceId:x16}")
        + (request.ReservationId is { } reservation ? $" reservation={reservation:x16}" : string.Empty);
}

public sealed record IssuedKey(VirtualKey Key, MintedKey Minted);

/// <summary>An application for a key and who made it.</summary>
internal sealed record Application(Caller Caller, KeyRequest Request);

/// <summary>What became of one application: the key issued, or the failure (a <see cref="ServiceError"/> when refused); neither when its device was busy.</summary>
internal sealed record IssueOutcome(IssuedKey? Issued, Exception? Failure)
{
    /// <summary>Not decided: its device was locked by another session, which a batch never waits for.</summary>
    public static readonly IssueOutcome Busy = new(null, null);

    public bool DeviceBusy => Issued is null && Failure is null;
}

public sealed record KeyDetails(VirtualKey Key, MintedKey? Minted, BulletinMessage? Bulletin, TimeSyncMessage? SignedTime);
