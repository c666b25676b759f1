using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Vehicles;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.RemoteLock;

/// <summary>
/// What a T-BOX's uplink means for R3, inside the uplink's session: a VehicleReport is kept, prompts
/// the owners when the charge fell below their threshold (once, until it is back
/// <see cref="PromptHysteresis"/> points above it) and — the car being here — sends again a request
/// whose sends ran out while it was away; the car's Ack and its remote-lock events move each request
/// on (accepted, armed, engaged, released, refused), each step audited with the device as actor.
/// </summary>
public sealed class RemoteLockTracker(TimeProvider time)
{
    /// <summary>An open prompt closes once the charge is this many points at or above the threshold, so a charge hovering at it prompts once.</summary>
    public const int PromptHysteresis = 3;

    /// <summary>The T-BOX refuses a RemoteLock older than this (docs/protocol.md §9.7): older requests are not sent again.</summary>
    public static readonly TimeSpan DeviceMaxAge = TimeSpan.FromHours(24);

    /// <summary>
    /// VehicleReports, each from a different car this session locked: every state kept, the
    /// thresholds and the unanswered requests of all of them read, one statement each; what a car's
    /// prompt or requests then need is done for that car alone (few cars have either).
    /// </summary>
    public async Task OnReportsAsync(IStoreSession session, IReadOnlyList<(Device Device, VehicleReportMessage Report, DateTimeOffset ReceivedAt)> reports, CancellationToken cancellationToken)
    {
        var cars = reports.Where(report => report.Device.Kind == DeviceKind.TBox).ToList();
        if (cars.Count == 0)
        {
            return;
        }

        var states = cars.Select(car => VehicleState.Of(car.Device.Id, car.Report, car.ReceivedAt)).ToList();
        await session.RemoteLocks.SaveStatesAsync(states, cancellationToken);
        var thresholds = await session.RemoteLocks.ThresholdsAsync([.. states.Where(state => state.StateOfCharge is not null).Select(state => state.DeviceId)], cancellationToken);
        var unanswered = (await session.RemoteLocks.UnansweredAsync([.. cars.Select(car => car.Device.Id)], cancellationToken)).ToLookup(request => request.DeviceId);
        for (var i = 0; i < cars.Count; i++)
        {
            var (device, _, receivedAt) = cars[i];
            if (thresholds.TryGetValue(device.Id, out var threshold))
            {
                await PromptAsync(session, device, states[i], threshold, cancellationToken);
            }

            await ResendAbandonedAsync(session, unanswered[device.Id], receivedAt, cancellationToken);
        }
    }

    /// <summary>The car's Ack of a RemoteLock: a request still waiting for it is accepted or refused.</summary>
    public async Task OnAckAsync(IStoreSession session, Device device, OutboxMessage sent, AckMessage ack, CancellationToken cancellationToken)
    {
        if (await session.RemoteLocks.FindRequestAsync(device.Id, sent.MessageId, cancellationToken) is not { State: RemoteLockRequestState.Sent } request)
        {
            return;
        }

        var (state, reason) = ack.Status == AckStatus.Applied
            ? (RemoteLockRequestState.Accepted, (string?)null)
            : (RemoteLockRequestState.Refused, Names.Of(ack.Status));
        await session.RemoteLocks.UpdateRequestAsync(request with { State = state, Reason = reason, UpdatedAt = time.GetUtcNow() }, cancellationToken);
    }

    /// <summary>The car's remote-lock events (their key-id field names the RemoteLock): what it did with each request.</summary>
    public async Task OnEventsAsync(IStoreSession session, Device device, IEnumerable<EventRecord> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            var outcome = Outcome(e);
            if (outcome is not { } step || e.KeyId > uint.MaxValue
                || await session.RemoteLocks.FindRequestAsync(device.Id, (uint)e.KeyId, cancellationToken) is not { } request)
            {
                continue;
            }

            var now = time.GetUtcNow();
            await session.RemoteLocks.UpdateRequestAsync(request with { State = step.State, Reason = step.Reason, UpdatedAt = now }, cancellationToken);
            await session.Audit.AppendAsync(
                new AuditEntry(0, now, AuditLog.DeviceActor(device.Id), "vehicle.remote-lock.outcome", DeviceService.Target(device.Id), Show(step.State),
                    $"request={request.Id} action={Names.Of(request.Action)} message={request.MessageId}" + (step.Reason is null ? string.Empty : $" reason={step.Reason}")),
                cancellationToken);
        }
    }

    public static string Show(RemoteLockRequestState state) => Api.Json.Name(state);

    private static (RemoteLockRequestState State, string? Reason)? Outcome(EventRecord e) => e.Kind switch
    {
        EventKind.RemoteLocked when e.Detail == (byte)RemoteLockTarget.Immobiliser =>
            (e.Value == (short)RemoteLockAction.Lock ? RemoteLockRequestState.Engaged : RemoteLockRequestState.Released, null),
        EventKind.RemoteLockArmed => (RemoteLockRequestState.Armed, Names.Of((RemoteLockWait)e.Value)),
        EventKind.RemoteLockRefused => (RemoteLockRequestState.Refused, Names.Of((RemoteLockRefusal)e.Detail)),
        _ => null,
    };

    private async Task PromptAsync(IStoreSession session, Device device, VehicleState state, int threshold, CancellationToken cancellationToken)
    {
        if (state.StateOfCharge is not { } percent)
        {
            return;
        }

        var open = await session.RemoteLocks.OpenPromptAsync(device.Id, cancellationToken);
        if (open is null && percent < threshold && state.RemoteLock == RemoteLockState.Released)
        {
            var prompt = new ChargePrompt(0, device.Id, percent, threshold, state.ReceivedAt, null, null, null);
            var id = await session.RemoteLocks.InsertPromptAsync(prompt, cancellationToken);
            var vin = (await session.Bindings.ActiveByDeviceAsync(device.Id, cancellationToken))?.Vin;
            await session.Audit.AppendAsync(
                new AuditEntry(0, time.GetUtcNow(), AuditLog.DeviceActor(device.Id), "vehicle.low-charge", DeviceService.Target(device.Id), "ok",
                    $"prompt={id} percent={percent} threshold={threshold} cable={Names.Of(state.Cable)}" + (vin is null ? string.Empty : $" vin={vin}")),
                cancellationToken);
        }
        else if (open is not null && percent >= open.Threshold + PromptHysteresis)
        {
            await session.RemoteLocks.ClosePromptAsync(open.Id, state.ReceivedAt, "recovered", null, cancellationToken);
        }
    }

    /// <summary>
    /// The car is here: a request whose sends all went unanswered while it was away goes out once
    /// more (the same frame, so the car's own idempotence holds) — unless the car would refuse it as too old.
    /// </summary>
    private static async Task ResendAbandonedAsync(IStoreSession session, IEnumerable<RemoteLockRequest> unanswered, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var request in unanswered)
        {
            if (now - request.RequestedAt < DeviceMaxAge
                && await session.Outbox.GetAsync(request.OutboxId, cancellationToken) is { State: OutboxState.Abandoned } abandoned)
            {
                await session.Outbox.UpdateAsync(abandoned with { State = OutboxState.Pending, NextAttemptAt = now, MaxAttempts = abandoned.Attempts + 1 }, cancellationToken);
            }
        }
    }
}
