using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;
using ShareKey.Protocol.Identity;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Vehicles;

/// <summary>
/// VIN ↔ IMSI binding (R4.3), answered with a BindResult:
/// the IMSI is new → bound; bound to the same VIN → confirmed; bound to another VIN → that pair is
/// ended and the new one bound (rebound). A VIN held by another modem (the modem in this car was
/// replaced) is moved the same way. Every pair ever made stays in the history.
/// </summary>
public sealed class BindingService(IKeyStore store, OutboxWriter outbox, TimeProvider time)
{
    public async Task HandleAsync(IStoreSession session, Device device, BindRequestMessage request, CancellationToken cancellationToken)
    {
        var actor = AuditLog.DeviceActor(device.Id);
        var (outcome, reason) = await BindAsync(session, device, request, cancellationToken);
        await outbox.EnqueueAsync(session, device, new BindResultMessage { Outcome = outcome, Reason = (byte)reason, Vin = request.Vin }, rotationId: null, cancellationToken);
        await session.Audit.AppendAsync(
            new AuditEntry(0, time.GetUtcNow(), actor, "vehicle.bind", $"vin:{request.Vin}", outcome == BindOutcome.Rejected ? "rejected" : "ok", $"imsi={request.Imsi} outcome={Names.Of(outcome)} reason={reason}"),
            cancellationToken);
    }

    public async Task<VehicleDetails> ShowAsync(Caller caller, string vin, CancellationToken cancellationToken)
    {
        caller.RequireOperator("see vehicle bindings");
        await using var session = await store.BeginAsync(cancellationToken);
        var history = await session.Bindings.HistoryByVinAsync(vin, cancellationToken);
        if (history.Count == 0)
        {
            throw new ServiceError(ErrorCode.VehicleNotFound, $"No T-BOX has ever bound VIN {vin}.");
        }

        var active = history.FirstOrDefault(binding => binding.EndedAt is null);
        var device = active is null ? null : await session.Devices.GetAsync(active.DeviceId, forUpdate: false, cancellationToken);
        return new VehicleDetails(vin, active, device, history);
    }

    private async Task<(BindOutcome, IdentityProblem)> BindAsync(IStoreSession session, Device device, BindRequestMessage request, CancellationToken cancellationToken)
    {
        var problem = Vin.Check(request.Vin);
        if (problem == IdentityProblem.None)
        {
            problem = Imsi.Check(request.Imsi);
        }

        if (problem != IdentityProblem.None || device.Kind != DeviceKind.TBox)
        {
            return (BindOutcome.Rejected, problem);
        }

        var now = time.GetUtcNow();
        var byImsi = await session.Bindings.ActiveByImsiAsync(request.Imsi, cancellationToken);
        if (byImsi is not null && byImsi.Vin == request.Vin && byImsi.DeviceId == device.Id)
        {
            return (BindOutcome.Confirmed, IdentityProblem.None);
        }

        if (byImsi is not null)
        {
            await session.Bindings.EndAsync(byImsi.Id, now, byImsi.Vin == request.Vin ? $"modem moved to T-BOX {device.Id:x16}" : $"IMSI rebound to VIN {request.Vin}", cancellationToken);
        }

        if (await session.Bindings.ActiveByVinAsync(request.Vin, cancellationToken) is { } byVin)
        {
            await session.Bindings.EndAsync(byVin.Id, now, $"VIN rebound to IMSI {request.Imsi}", cancellationToken);
        }

        if (await session.Bindings.ActiveByDeviceAsync(device.Id, cancellationToken) is { } byDevice)
        {
            await session.Bindings.EndAsync(byDevice.Id, now, $"T-BOX rebound to VIN {request.Vin} with IMSI {request.Imsi}", cancellationToken);
        }

        await session.Bindings.InsertAsync(request.Vin, request.Imsi, device.Id, now, cancellationToken);
        return (byImsi is null ? BindOutcome.Bound : byImsi.Vin == request.Vin ? BindOutcome.Confirmed : BindOutcome.Rebound, IdentityProblem.None);
    }
}

public sealed record VehicleDetails(string Vin, Binding? Active, Device? Device, IReadOnlyList<Binding> History);
