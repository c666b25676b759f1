using Microsoft.AspNetCore.Http.HttpResults;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Problems;
using ShareKey.Protocol.Tokens;

namespace ShareKey.KeyService.Sharing;

public static class ShareApi
{
    /// <summary>
    /// The recipient by userId or by exact userName (one of them); permissions: a comma list of
    /// unlock, lock, start, share (as keys show them).
    /// </summary>
    public sealed record ShareKeyRequest([Id] string? UserId, ShareMode? Mode, DateTimeOffset? NotBefore, DateTimeOffset? NotAfter, ushort? MaxUses, [Text(64)] string? Permissions, [Name(Users.UserService.MaxNameLength)] string? UserName = null);

    public static RouteGroupBuilder MapShares(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/keys").WithTags("Sharing");

        keys.MapPost("/{id}/shares", async Task<Created<KeyDto>> ([Id] string id, ShareKeyRequest request, ShareService sharing, HttpContext http) =>
        {
            if ((request.UserId is null) == (request.UserName is null))
            {
                throw new ServiceError(ErrorCode.InvalidRequest, "Name who gets the share by exactly one of userId or userName.", "userId");
            }

            var terms = new ShareTerms(
                request.UserId is null ? 0 : Ids.Parse(request.UserId, "user"),
                request.Mode ?? ShareMode.CoUse,
                request.NotBefore,
                request.NotAfter,
                request.MaxUses,
                request.Permissions is null ? null : ParsePermissions(request.Permissions),
                request.UserName);
            var share = await sharing.ShareAsync(Caller.Of(http), Ids.Parse(id, "key"), terms, http.RequestAborted);
            return TypedResults.Created($"/v1/keys/{Ids.Format(share.Id)}", KeyDto.Of(share));
        }).WithSummary("Share a key with another user (R2.5, R2.6): co-use or transfer, within the key's window, uses and permissions. Its holder (with the share permission), the device's manager (on the holder's behalf), or an operator.");

        keys.MapGet("/{id}/members", async ([Id] string id, ShareService sharing, HttpContext http) =>
            TypedResults.Ok((await sharing.MembersAsync(Caller.Of(http), Ids.Parse(id, "key"), http.RequestAborted)).Select(key => KeyNodeDto.Of(key, 1)).ToList()))
            .WithSummary("The shares made from a key (R2.7); remove, freeze or unfreeze one with its own id.");

        keys.MapPost("/{id}/give-up", async ([Id] string id, ShareService sharing, HttpContext http) =>
            TypedResults.Ok(KeyDto.Of(await sharing.GiveUpAsync(Caller.Of(http), Ids.Parse(id, "key"), http.RequestAborted))))
            .WithSummary("The recipient gives a share up (R2.7): it and its own shares are revoked.");
        return api;
    }

    private static Permissions ParsePermissions(string text)
    {
        var permissions = Permissions.None;
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            permissions |= name switch
            {
                "unlock" => Permissions.Unlock,
                "lock" => Permissions.Lock,
                "start" => Permissions.Start,
                "share" => Permissions.Share,
                _ => throw new ServiceError(ErrorCode.InvalidRequest, $"permission '{name}' is not one of: unlock, lock, start, share."),
            };
        }

        return permissions;
    }
}
