using Microsoft.AspNetCore.Http.HttpResults;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.RemoteLock;

/// <summary>Remote locking by VIN (R3): its owners and operators only; everyone else is refused with forbidden.</summary>
public static class RemoteLockApi
{
    /// <summary>A lock authorised on its own (no prompt), or as the answer to low-charge prompt <see cref="PromptId"/>.</summary>
    public sealed record RemoteLockBody(long? PromptId);

    /// <summary>A whole percent 1–99, or null to remove the threshold.</summary>
    public sealed record ThresholdBody(int? Percent);

    public sealed record ThresholdDto(string Vin, int? Percent);

    public sealed record RemoteLockRequestDto(
        long Id, string DeviceId, string Action, string RequestedBy, DateTimeOffset RequestedAt, long? PromptId, uint MessageId, string State, string? Reason, DateTimeOffset UpdatedAt)
    {
        public static RemoteLockRequestDto Of(RemoteLockRequest r) => new(
            r.Id, Ids.Format(r.DeviceId), Names.Of(r.Action), Ids.Format(r.RequestedBy), r.RequestedAt, r.PromptId, r.MessageId, RemoteLockTracker.Show(r.State), r.Reason, r.UpdatedAt);
    }

    /// <summary>What the car last reported (docs/protocol.md §4.15); null fields: its bus did not say.</summary>
    public sealed record VehicleStateDto(
        int? StateOfCharge, string Cable, int? SpeedKmh, bool? IgnitionOn, string RemoteLock, bool Immobiliser, bool ChargeInletLocked, uint LockMessageId, DateTimeOffset ReceivedAt)
    {
        public static VehicleStateDto Of(VehicleState s) => new(
            s.StateOfCharge, Names.Of(s.Cable), s.SpeedKmh, s.IgnitionOn, Names.Of(s.RemoteLock), s.ImmobiliserEngaged, s.ChargeInletLocked, s.LockMessageId, s.ReceivedAt);
    }

    public sealed record ChargePromptDto(long Id, int Percent, int Threshold, DateTimeOffset CreatedAt)
    {
        public static ChargePromptDto Of(ChargePrompt p) => new(p.Id, p.Percent, p.Threshold, p.CreatedAt);
    }

    public sealed record RemoteLockStatusDto(
        string Vin, string DeviceId, VehicleStateDto? Vehicle, int? ChargeThreshold, ChargePromptDto? OpenPrompt, IReadOnlyList<RemoteLockRequestDto> Requests)
    {
        public static RemoteLockStatusDto Of(RemoteLockStatus s) => new(
            s.Vin, Ids.Format(s.Device.Id), s.State is null ? null : VehicleStateDto.Of(s.State), s.Threshold,
            s.OpenPrompt is null ? null : ChargePromptDto.Of(s.OpenPrompt), s.Requests.Select(RemoteLockRequestDto.Of).ToList());
    }

    public static RouteGroupBuilder MapRemoteLock(this RouteGroupBuilder api)
    {
        var vehicles = api.MapGroup("/vehicles").WithTags("Remote lock");

        vehicles.MapPost("/{vin}/remote-lock", async Task<Accepted<RemoteLockRequestDto>> ([Vin] string vin, RemoteLockBody request, RemoteLockService service, HttpContext http) =>
        {
            var sent = await service.RequestAsync(Caller.Of(http), vin, RemoteLockAction.Lock, request.PromptId, http.RequestAborted);
            return TypedResults.Accepted($"/v1/vehicles/{vin}/remote-lock", RemoteLockRequestDto.Of(sent));
        }).WithSummary("Lock the vehicle remotely (R3.1): its immobiliser and charge-inlet lock, at once if it stands still with the ignition off, else as soon as it does. Any time, or answering a low-charge prompt (promptId). Its owners and operators only.");

        vehicles.MapPost("/{vin}/remote-release", async Task<Accepted<RemoteLockRequestDto>> ([Vin] string vin, RemoteLockService service, HttpContext http) =>
        {
            var sent = await service.RequestAsync(Caller.Of(http), vin, RemoteLockAction.Release, null, http.RequestAborted);
            return TypedResults.Accepted($"/v1/vehicles/{vin}/remote-lock", RemoteLockRequestDto.Of(sent));
        }).WithSummary("Release the vehicle's remote lock. Its owners and operators only.");

        vehicles.MapGet("/{vin}/remote-lock", async ([Vin] string vin, RemoteLockService service, HttpContext http) =>
            TypedResults.Ok(RemoteLockStatusDto.Of(await service.StatusAsync(Caller.Of(http), vin, http.RequestAborted))))
            .WithSummary("The vehicle's last report (charge, cable, speed, ignition, remote lock), its low-charge threshold and open prompt, and its latest remote-lock requests with how far the car carried each out. Its owners and operators only.");

        vehicles.MapPut("/{vin}/charge-threshold", async ([Vin] string vin, ThresholdBody request, RemoteLockService service, HttpContext http) =>
            TypedResults.Ok(new ThresholdDto(vin, await service.SetThresholdAsync(Caller.Of(http), vin, request.Percent, http.RequestAborted))))
            .WithSummary("Set the low-charge threshold (1–99 %; null removes it): below it the owners are prompted to lock the vehicle (R3.2). Its owners and operators only.");
        return api;
    }
}
