using Microsoft.AspNetCore.Http.HttpResults;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Problems;

namespace ShareKey.KeyService.Keys;

public static class KeyApi
{
    /// <summary>Each limit left out stays; maxUses 0 is unlimited.</summary>
    public sealed record ChangeValidityRequest(DateTimeOffset? NotBefore, DateTimeOffset? NotAfter, ushort? MaxUses);

    public sealed record IssueKeyRequest(KeyType? Type, [Id] string? UserId, [Vin] string? Vin, [Id] string? DeviceId, DateTimeOffset? NotBefore, DateTimeOffset? NotAfter, ushort? MaxUses);

    public static RouteGroupBuilder MapKeys(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/keys").WithTags("Keys");

        keys.MapPost("/", async Task<Created<HeldKeyDto>> (IssueKeyRequest request, KeyManager manager, ISharedKeyApplications sharing, HttpContext http) =>
        {
            var caller = Caller.Of(http);
            var application = new KeyRequest(
                request.Type ?? throw new ServiceError(ErrorCode.InvalidRequest, "type is required: owner, renter or shared."),
                request.UserId is null ? caller.UserId : Ids.Parse(request.UserId, "user"),
                request.Vin,
                request.DeviceId is null ? null : Ids.Parse(request.DeviceId, "device"),
                request.NotBefore,
                request.NotAfter,
                request.MaxUses ?? 0);
            if (application.Type == KeyType.Shared)
            {
                var shared = await sharing.ShareFromOwnerKeyAsync(caller, application, http.RequestAborted);
                return TypedResults.Created($"/v1/keys/{Ids.Format(shared.Id)}", HeldKeyDto.Of(shared, null));
            }

            var issued = await manager.IssueAsync(caller, application, http.RequestAborted);
            var holderSees = issued.Key.HolderId == caller.UserId;
            return TypedResults.Created($"/v1/keys/{Ids.Format(issued.Key.Id)}", HeldKeyDto.Of(issued.Key, holderSees ? issued.Minted : null));
        }).WithSummary("Apply for a key (R1.1): type, user, vehicle (vin, or deviceId for a parking lock). Owner and renter keys: operators; a shared key: the vehicle's owner, as a share of their owner key. The holder gets token and holder secret.");

        keys.MapGet("/", async ([Id] string? deviceId, [Id] string? holderId, [OneOf(typeof(KeyState))] string? state, [Id] string? before, int? limit, KeyManager manager, HttpContext http) =>
        {
            var size = PageSize.Of(limit);
            var page = await manager.PageAsync(
                Caller.Of(http),
                deviceId is null ? null : Ids.Parse(deviceId, "device"),
                holderId is null ? null : Ids.Parse(holderId, "user"),
                EnumQuery.Parse<KeyState>(state, "state"),
                before is null ? null : Ids.Parse(before, "key"),
                size,
                http.RequestAborted);
            return TypedResults.Ok(new KeyPageDto([.. page.Select(KeyDto.Of)], page.Count == size ? Ids.Format(page[^1].Id) : null));
        }).WithSummary($"Keys, newest first, {PageSize.Default} a page unless limit says (at most {PageSize.Max}): a user's own; an operator's filter of all. Pass nextBefore as before for the next page.");

        keys.MapGet("/{id}", async ([Id] string id, KeyManager manager, HttpContext http) =>
        {
            var details = await manager.GetAsync(Caller.Of(http), Ids.Parse(id, "key"), http.RequestAborted);
            return TypedResults.Ok(HeldKeyDto.Of(details.Key, details.Minted, details.Bulletin, details.SignedTime));
        }).WithSummary("A key; its holder also gets the current token, holder secret, the device's bulletin and a signed time to carry.");

        keys.MapGet("/{id}/tree", async ([Id] string id, KeyManager manager, HttpContext http) =>
            TypedResults.Ok((await manager.TreeAsync(Caller.Of(http), Ids.Parse(id, "key"), http.RequestAborted)).Select(node => KeyNodeDto.Of(node.Key, node.Depth)).ToList()))
            .WithSummary("The key and every key shared down from it, depth first: for its holder, the holders above it, the device's manager and operators.");

        keys.MapPost("/{id}/validity", async ([Id] string id, ChangeValidityRequest request, KeyValidity validity, HttpContext http) =>
            TypedResults.Ok(KeyDto.Of(await validity.ChangeAsync(Caller.Of(http), Ids.Parse(id, "key"), new ValidityChange(request.NotBefore, request.NotAfter, request.MaxUses), http.RequestAborted))))
            .WithSummary("Change a key's window or uses (R1.5), within the key it was shared from: the device's manager or an operator. The holder's next fetch gets the new token; devices refuse the old one (superseded) once a bulletin reaches them. Shares below are narrowed only where they would allow more.");
        keys.MapPost("/{id}/revoke", ([Id] string id, KeyManager manager, HttpContext http) => ChangeAsync(id, KeyState.Revoked, manager, http))
            .WithSummary("Revoke the key and every key shared from it, for good (R1.5).");
        keys.MapPost("/{id}/freeze", ([Id] string id, KeyManager manager, HttpContext http) => ChangeAsync(id, KeyState.Frozen, manager, http))
            .WithSummary("Freeze the key and every key shared from it; the freeze remembers who put it (R1.5).");
        keys.MapPost("/{id}/unfreeze", ([Id] string id, KeyManager manager, HttpContext http) => ChangeAsync(id, KeyState.Active, manager, http))
            .WithSummary("Lift a freeze: only someone standing as high as whoever froze it (holder < manager < operator).");
        return api;
    }

    private static async Task<Ok<KeyDto>> ChangeAsync(string id, KeyState wanted, KeyManager manager, HttpContext http) =>
        TypedResults.Ok(KeyDto.Of(await manager.ChangeStandingAsync(Caller.Of(http), Ids.Parse(id, "key"), wanted, http.RequestAborted)));
}
