using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.RemoteLock;

/// <summary>
/// What owners and operators do (R3.1–R3.3): authorise a remote lock or release — any time, or by
/// answering a low-charge prompt — set the low-charge threshold, and see where it all stands. A
/// request becomes a RemoteLock for the immobiliser in the outbox (retried until acked, idempotent
/// on the car by message id), stamped with when it was authorised; a newer request replaces one the
/// car has not answered yet. Every step is audited; owners hear of each (NotificationRules).
/// </summary>
public sealed class RemoteLockService(IKeyStore store, OutboxWriter outbox, AuditLog audit, TimeProvider time)
{
    /// <summary>How many of a car's latest requests its status shows.</summary>
    public const int HistoryLength = 10;

    public const int MinThreshold = 1;

    public const int MaxThreshold = 99;

    public Task<RemoteLockRequest> RequestAsync(Caller caller, string vin, RemoteLockAction action, long? promptId, CancellationToken cancellationToken)
    {
        var verb = action == RemoteLockAction.Lock ? "vehicle.remote-lock" : "vehicle.remote-release";
        return audit.RunAsync(caller.Actor, verb, $"vin:{vin}", async session =>
        {
            var device = await VehicleOwners.RequireAsync(session, caller, vin, action == RemoteLockAction.Lock ? "lock it remotely" : "release its remote lock", cancellationToken);
            var prompt = promptId is { } id ? await OpenPromptAsync(session, device, vin, id, action, cancellationToken) : null;
            // The device row before the car's outbox rows: the lock order (Storage/Sql/DeviceLocks.cs).
            await session.Devices.GetAsync(device.Id, forUpdate: true, cancellationToken);
            var now = time.GetUtcNow();
            foreach (var older in await session.RemoteLocks.UnansweredAsync(device.Id, cancellationToken))
            {
                if (await session.Outbox.GetAsync(older.OutboxId, cancellationToken) is { State: OutboxState.Pending } unsent)
                {
                    await session.Outbox.UpdateAsync(unsent with { State = OutboxState.Cancelled }, cancellationToken);
                }

                await session.RemoteLocks.UpdateRequestAsync(older with { State = RemoteLockRequestState.Superseded, Reason = "a newer request replaced it", UpdatedAt = now }, cancellationToken);
            }

            var message = new RemoteLockMessage { Action = action, Target = RemoteLockTarget.Immobiliser, RequestedAt = (uint)now.ToUnixTimeSeconds() };
            var sent = await outbox.EnqueueAsync(session, device, message, rotationId: null, cancellationToken);
            var request = new RemoteLockRequest(0, device.Id, action, caller.UserId, now, prompt?.Id, sent.Id, sent.MessageId, RemoteLockRequestState.Sent, null, now);
            request = request with { Id = await session.RemoteLocks.InsertRequestAsync(request, cancellationToken) };
            if (prompt is not null)
            {
                await session.RemoteLocks.ClosePromptAsync(prompt.Id, now, "answered", request.Id, cancellationToken);
            }

            await audit.AppendAsync(session, caller.Actor, verb, DeviceService.Target(device.Id),
                $"request={request.Id} vin={vin} message={sent.MessageId}" + (prompt is null ? string.Empty : $" prompt={prompt.Id}"), cancellationToken);
            return request;
        }, cancellationToken);
    }

    /// <summary>Sets the low-charge threshold (1–99 %), or removes it with null.</summary>
    public Task<int?> SetThresholdAsync(Caller caller, string vin, int? percent, CancellationToken cancellationToken)
    {
        if (percent is < MinThreshold or > MaxThreshold)
        {
            throw new ServiceError(ErrorCode.InvalidRequest, $"A low-charge threshold is a whole percent from {MinThreshold} to {MaxThreshold}, or none; {percent} is not.");
        }

        return audit.RunAsync(caller.Actor, "vehicle.charge-threshold", $"vin:{vin}", async session =>
        {
            var device = await VehicleOwners.RequireAsync(session, caller, vin, "set its low-charge threshold", cancellationToken);
            await session.RemoteLocks.SetThresholdAsync(device.Id, percent, caller.UserId, time.GetUtcNow(), cancellationToken);
            await audit.AppendAsync(session, caller.Actor, "vehicle.charge-threshold", DeviceService.Target(device.Id), $"vin={vin} percent={percent?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}", cancellationToken);
            return percent;
        }, cancellationToken);
    }

    public async Task<RemoteLockStatus> StatusAsync(Caller caller, string vin, CancellationToken cancellationToken)
    {
        await using var session = await store.BeginReadAsync(cancellationToken);
        var device = await VehicleOwners.RequireAsync(session, caller, vin, "see its remote lock", cancellationToken);
        return new RemoteLockStatus(
            vin,
            device,
            await session.RemoteLocks.StateAsync(device.Id, cancellationToken),
            await session.RemoteLocks.ThresholdAsync(device.Id, cancellationToken),
            await session.RemoteLocks.OpenPromptAsync(device.Id, cancellationToken),
            await session.RemoteLocks.RequestsAsync(device.Id, HistoryLength, cancellationToken));
    }

    private static async Task<ChargePrompt> OpenPromptAsync(IStoreSession session, Device device, string vin, long id, RemoteLockAction action, CancellationToken cancellationToken)
    {
        if (action != RemoteLockAction.Lock)
        {
            throw new ServiceError(ErrorCode.InvalidRequest, "A low-charge prompt is answered with a lock, not a release.");
        }

        var prompt = await session.RemoteLocks.GetPromptAsync(id, cancellationToken);
        if (prompt is null || prompt.DeviceId != device.Id)
        {
            throw new ServiceError(ErrorCode.NotFound, $"Vehicle {vin} has no prompt {id}.");
        }

        return prompt.ClosedAt is null
            ? prompt
            : throw new ServiceError(ErrorCode.Conflict, $"Prompt {id} is closed ({prompt.ClosedReason}); lock the vehicle without it if you still want to.");
    }
}

/// <summary>A car's remote-lock picture for its owner: what it last reported, the threshold, an open prompt, the latest requests.</summary>
public sealed record RemoteLockStatus(string Vin, Device Device, VehicleState? State, int? Threshold, ChargePrompt? OpenPrompt, IReadOnlyList<RemoteLockRequest> Requests);
