using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;
using ShareKey.Protocol.Identity;
using ShareKey.Protocol.Messages;
using Microsoft.Extensions.Options;

namespace ShareKey.KeyService.Vehicles;

/// <summary>
/// VIN ↔ IMSI binding (R4.3), answered with a BindResult:
/// the IMSI is new → bound; bound to the same VIN → confirmed; bound to another VIN → that pair is
/// ended and the new one bound (rebound). A VIN held by another modem (the modem in this car was
/// replaced) is moved the same way — unless the T-BOX holding it, with another modem, is still reporting
/// (<see cref="VehicleOptions.ContestWindow"/>): then the binding stays, the request is rejected with
/// <see cref="IdentityProblem.VinInUse"/> (the device keeps its flag and retries) and recorded as a
/// <see cref="BindingContest"/> an operator resolves. Every pair ever made stays in the history.
/// </summary>
public sealed class BindingService(IKeyStore store, OutboxWriter outbox, AuditLog audit, IOptions<VehicleOptions> options, TimeProvider time)
{
    /// <summary>
    /// BindRequests, each from a different device this session locked, each answered with a
    /// BindResult and audited. A request whose VIN and IMSI no other one here names, finding neither
    /// of them nor its T-BOX actively bound, is a first binding (a fleet's first boot is thousands of
    /// them); one finding its pair already bound to its T-BOX is confirmed. Those are decided from one
    /// read of the active bindings and written together: none touches what another request reads.
    /// Every other request — a move, a contest, a VIN or IMSI two requests name — then goes one by
    /// one, in order, each seeing what the ones before did.
    /// </summary>
    public async Task HandleAsync(IStoreSession session, IReadOnlyList<(Device Device, BindRequestMessage Request)> requests, CancellationToken cancellationToken)
    {
        if (requests.DistinctBy(bind => bind.Device.Id).Count() != requests.Count)
        {
            throw new InvalidOperationException("One BindRequest per device at a time: a device's later request must see what its earlier one did.");
        }

        var answers = new (BindOutcome Outcome, IdentityProblem Reason)?[requests.Count];
        var valid = new List<int>();
        for (var i = 0; i < requests.Count; i++)
        {
            var (device, request) = requests[i];
            if (Check(device, request) is { } refused)
            {
                answers[i] = refused;
            }
            else
            {
                valid.Add(i);
            }
        }

        var vins = valid.CountBy(i => requests[i].Request.Vin).ToDictionary();
        var imsis = valid.CountBy(i => requests[i].Request.Imsi).ToDictionary();
        var alone = valid.Where(i => vins[requests[i].Request.Vin] == 1 && imsis[requests[i].Request.Imsi] == 1).ToList();
        var active = await session.Bindings.ActiveOfAsync(
            [.. alone.Select(i => requests[i].Request.Vin)], [.. alone.Select(i => requests[i].Request.Imsi)], [.. alone.Select(i => requests[i].Device.Id)], cancellationToken);
        var fresh = new List<(string Vin, string Imsi, ulong DeviceId)>();
        foreach (var i in alone)
        {
            var (device, request) = requests[i];
            if (active.FirstOrDefault(binding => binding.Imsi == request.Imsi) is { } byImsi)
            {
                if (byImsi.Vin == request.Vin && byImsi.DeviceId == device.Id)
                {
                    answers[i] = (BindOutcome.Confirmed, IdentityProblem.None);
                }
            }
            else if (!active.Any(binding => binding.Vin == request.Vin || binding.DeviceId == device.Id))
            {
                fresh.Add((request.Vin, request.Imsi, device.Id));
                answers[i] = (BindOutcome.Bound, IdentityProblem.None);
            }
        }

        await session.Bindings.InsertAsync(fresh, time.GetUtcNow(), cancellationToken);
        for (var i = 0; i < requests.Count; i++)
        {
            answers[i] ??= await BindAsync(session, requests[i].Device, requests[i].Request, cancellationToken);
        }

        await outbox.EnqueueAsync(
            session,
            [.. requests.Select((bind, i) => new QueuedMessage(bind.Device, new BindResultMessage { Outcome = answers[i]!.Value.Outcome, Reason = (byte)answers[i]!.Value.Reason, Vin = bind.Request.Vin }, RotationId: null))],
            cancellationToken);
        var now = time.GetUtcNow();
        await session.Audit.AppendAsync(
            [.. requests.Select((bind, i) =>
            {
                var (outcome, reason) = answers[i]!.Value;
                return new AuditEntry(
                    0, now, AuditLog.DeviceActor(bind.Device.Id), "vehicle.bind", $"vin:{bind.Request.Vin}",
                    reason == IdentityProblem.VinInUse ? "contested" : outcome == BindOutcome.Rejected ? "rejected" : "ok",
                    $"imsi={bind.Request.Imsi} outcome={Names.Of(outcome)} reason={reason}");
            })],
            cancellationToken);
    }

    public async Task<VehicleDetails> ShowAsync(Caller caller, string vin, CancellationToken cancellationToken)
    {
        caller.RequireOperator("see vehicle bindings");
        await using var session = await store.BeginReadAsync(cancellationToken);
        var history = await session.Bindings.HistoryByVinAsync(vin, cancellationToken);
        if (history.Count == 0)
        {
            throw new ServiceError(ErrorCode.VehicleNotFound, $"No T-BOX has ever bound VIN {vin}.");
        }

        var active = history.FirstOrDefault(binding => binding.EndedAt is null);
        var device = active is null ? null : await session.Devices.GetAsync(active.DeviceId, forUpdate: false, cancellationToken);
        return new VehicleDetails(vin, active, device, history, await session.Bindings.OpenContestsByVinAsync(vin, cancellationToken));
    }

    /// <summary>
    /// Settles a contested VIN: <paramref name="deviceId"/> is the T-BOX holding it (the binding is
    /// kept) or a claimant (the binding moves to it, and it is told with a BindResult).
    /// </summary>
    public Task<VehicleDetails> ResolveAsync(Caller caller, string vin, ulong deviceId, CancellationToken cancellationToken)
    {
        caller.RequireOperator("resolve contested vehicle bindings");
        return audit.RunAsync(caller.Actor, "vehicle.resolve", $"vin:{vin}", async session =>
        {
            var contests = await session.Bindings.OpenContestsByVinAsync(vin, cancellationToken);
            if (contests.Count == 0)
            {
                throw new ServiceError(ErrorCode.Conflict, $"VIN {vin} has no contested binding to resolve.");
            }

            var now = time.GetUtcNow();
            var active = await session.Bindings.ActiveByVinAsync(vin, cancellationToken);
            string resolution;
            if (active is not null && active.DeviceId == deviceId)
            {
                resolution = $"kept T-BOX {deviceId:x16}";
            }
            else
            {
                var claim = contests.LastOrDefault(contest => contest.DeviceId == deviceId)
                    ?? throw new ServiceError(ErrorCode.Conflict, $"T-BOX {deviceId:x16} neither holds nor claims VIN {vin}.");
                // Locked before its outbox gets the BindResult (the lock order, Storage/Sql/DeviceLocks.cs).
                await session.Devices.GetAsync(deviceId, forUpdate: true, cancellationToken);
                var claimant = await DeviceService.ActiveDeviceAsync(session, deviceId, cancellationToken);
                resolution = $"moved to T-BOX {deviceId:x16}";
                var outcome = await MoveAsync(session, claimant, vin, claim.Imsi, now, $"VIN moved by an operator to T-BOX {deviceId:x16}", cancellationToken);
                await outbox.EnqueueAsync(session, claimant, new BindResultMessage { Outcome = outcome, Reason = (byte)IdentityProblem.None, Vin = vin }, rotationId: null, cancellationToken);
            }

            await session.Bindings.ResolveContestsAsync(vin, now, resolution, cancellationToken);
            await audit.AppendAsync(session, caller.Actor, "vehicle.resolve", $"vin:{vin}", $"{resolution} contests={contests.Count}", cancellationToken);
            var history = await session.Bindings.HistoryByVinAsync(vin, cancellationToken);
            var holder = history.FirstOrDefault(binding => binding.EndedAt is null);
            var device = holder is null ? null : await session.Devices.GetAsync(holder.DeviceId, forUpdate: false, cancellationToken);
            return new VehicleDetails(vin, holder, device, history, []);
        }, cancellationToken);
    }

    /// <summary>The answer to a request refused before any binding is looked at: a malformed VIN or IMSI, or a device that is no T-BOX.</summary>
    private static (BindOutcome, IdentityProblem)? Check(Device device, BindRequestMessage request)
    {
        var problem = Vin.Check(request.Vin);
        if (problem == IdentityProblem.None)
        {
            problem = Imsi.Check(request.Imsi);
        }

        return problem != IdentityProblem.None || device.Kind != DeviceKind.TBox ? (BindOutcome.Rejected, problem) : null;
    }

    /// <summary>A request that passed <see cref="Check"/>, against the bindings as they are now.</summary>
    private async Task<(BindOutcome, IdentityProblem)> BindAsync(IStoreSession session, Device device, BindRequestMessage request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var byImsi = await session.Bindings.ActiveByImsiAsync(request.Imsi, cancellationToken);
        if (byImsi is not null && byImsi.Vin == request.Vin && byImsi.DeviceId == device.Id)
        {
            return (BindOutcome.Confirmed, IdentityProblem.None);
        }

        if (await session.Bindings.ActiveByVinAsync(request.Vin, cancellationToken) is { } held
            && held.DeviceId != device.Id
            && held.Imsi != request.Imsi // the car's own modem in a new T-BOX is the car's word (replaced T-BOX)
            && await StillReportingAsync(session, held.DeviceId, now, cancellationToken))
        {
            if (!(await session.Bindings.OpenContestsByVinAsync(request.Vin, cancellationToken)).Any(contest => contest.DeviceId == device.Id && contest.Imsi == request.Imsi))
            {
                await session.Bindings.InsertContestAsync(request.Vin, request.Imsi, device.Id, now, cancellationToken);
            }

            return (BindOutcome.Rejected, IdentityProblem.VinInUse);
        }

        return (await MoveAsync(session, device, request.Vin, request.Imsi, now, null, cancellationToken), IdentityProblem.None);
    }

    private async Task<bool> StillReportingAsync(IStoreSession session, ulong deviceId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await session.Devices.GetAsync(deviceId, forUpdate: false, cancellationToken) is { State: DeviceState.Active, LastSeenAt: { } seen }
        && now - seen < options.Value.ContestWindow;

    /// <summary>
    /// Ends whatever binding holds this IMSI, VIN or T-BOX and binds the pair to the T-BOX (which the
    /// caller locked). The T-BOXes holding the IMSI or VIN are locked before their bindings end, in
    /// ascending id order (Storage/Sql/DeviceLocks.cs): a session holding one of them (a key issued
    /// for the VIN, a decommissioning) then sees its binding unchanged until it ends.
    /// </summary>
    private static async Task<BindOutcome> MoveAsync(IStoreSession session, Device device, string vin, string imsi, DateTimeOffset now, string? vinEndReason, CancellationToken cancellationToken)
    {
        var (byImsi, byVin) = await LockHoldersAsync(session, device.Id, vin, imsi, cancellationToken);
        if (byImsi is not null)
        {
            await session.Bindings.EndAsync(byImsi.Id, now, byImsi.Vin == vin ? $"modem moved to T-BOX {device.Id:x16}" : $"IMSI rebound to VIN {vin}", cancellationToken);
        }

        if (byVin is not null && byVin.Id != byImsi?.Id)
        {
            await session.Bindings.EndAsync(byVin.Id, now, vinEndReason ?? $"VIN rebound to IMSI {imsi}", cancellationToken);
        }

        if (await session.Bindings.ActiveByDeviceAsync(device.Id, cancellationToken) is { } byDevice)
        {
            await session.Bindings.EndAsync(byDevice.Id, now, $"T-BOX rebound to VIN {vin} with IMSI {imsi}", cancellationToken);
        }

        await session.Bindings.InsertAsync(vin, imsi, device.Id, now, cancellationToken);
        return byImsi is null ? BindOutcome.Bound : byImsi.Vin == vin ? BindOutcome.Confirmed : BindOutcome.Rebound;
    }

    /// <summary>
    /// The active bindings of the IMSI and of the VIN, read once every T-BOX holding them is locked:
    /// a binding moved to yet another T-BOX between the read and the lock is read again and its
    /// holder locked too.
    /// </summary>
    private static async Task<(Binding? ByImsi, Binding? ByVin)> LockHoldersAsync(IStoreSession session, ulong deviceId, string vin, string imsi, CancellationToken cancellationToken)
    {
        var locked = new HashSet<ulong> { deviceId };
        while (true)
        {
            var byImsi = await session.Bindings.ActiveByImsiAsync(imsi, cancellationToken);
            var byVin = await session.Bindings.ActiveByVinAsync(vin, cancellationToken);
            var holders = new[] { byImsi?.DeviceId, byVin?.DeviceId }.OfType<ulong>().Where(id => !locked.Contains(id)).ToList();
            if (holders.Count == 0)
            {
                return (byImsi, byVin);
            }

            await session.Devices.LockAsync(holders, cancellationToken);
            locked.UnionWith(holders);
        }
    }
}

public sealed record VehicleDetails(string Vin, Binding? Active, Device? Device, IReadOnlyList<Binding> History, IReadOnlyList<BindingContest> Contests);
