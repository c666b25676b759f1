using Microsoft.AspNetCore.Http.HttpResults;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Problems;

namespace ShareKey.KeyService.Users;

public static class UserApi
{
    public sealed record CreateUserRequest([Name(UserService.MaxNameLength)] string Name, UserRole? Role);

    public sealed record CreatedUser(UserDto User, string Token);

    /// <summary>expiresAt: when the token stops working (ISO 8601, in the future); none, it works until revoked.</summary>
    public sealed record CreateTokenRequest([Text(ApiTokenLabelLength)] string? Name, DateTimeOffset? ExpiresAt = null);

    /// <summary>keys: what happens to the keys the user holds — revoke, freeze or keep.</summary>
    public sealed record DisableUserRequest(HeldKeysAction? Keys);

    public const int ApiTokenLabelLength = 64;

    public sealed record CreatedToken(string Token);

    public static RouteGroupBuilder MapUsers(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");

        users.MapPost("/", async Task<Created<CreatedUser>> (CreateUserRequest request, UserService service, HttpContext http) =>
        {
            var (user, token) = await service.CreateAsync(Caller.Of(http), request.Name, request.Role ?? UserRole.User, http.RequestAborted);
            return TypedResults.Created($"/v1/users/{Ids.Format(user.Id)}", new CreatedUser(UserDto.Of(user), token));
        }).WithSummary("Create a user and their first API token (shown once). Operators only.");

        users.MapGet("/", async ([Name(UserService.MaxNameLength)] string? name, [Name(UserService.MaxNameLength)] string? after, int? limit, UserService service, HttpContext http) =>
        {
            var size = PageSize.Of(limit);
            var page = await service.PageAsync(Caller.Of(http), name, after, size, http.RequestAborted);
            return TypedResults.Ok(new UserPageDto([.. page.Select(UserDto.Of)], page.Count == size ? page[^1].Name : null));
        }).WithSummary($"Users by name, {PageSize.Default} a page unless limit says (at most {PageSize.Max}); name: only the user of that name. Pass nextAfter as after for the next page. Operators only.");

        users.MapGet("/me", async (UserService service, HttpContext http) =>
            TypedResults.Ok(UserDto.Of(await service.GetAsync(Caller.Of(http), Caller.Of(http).UserId, http.RequestAborted))))
            .WithSummary("The caller.");

        users.MapGet("/{id}", async ([Id] string id, UserService service, HttpContext http) =>
            TypedResults.Ok(UserDto.Of(await service.GetAsync(Caller.Of(http), Ids.Parse(id, "user"), http.RequestAborted))))
            .WithSummary("A user: the user themself or an operator.");

        users.MapPost("/{id}/tokens", async ([Id] string id, CreateTokenRequest request, UserService service, HttpContext http) =>
            TypedResults.Ok(new CreatedToken(await service.CreateTokenAsync(Caller.Of(http), Ids.Parse(id, "user"), request.Name ?? "token", request.ExpiresAt, http.RequestAborted))))
            .WithSummary("A new API token for a user (shown once), optionally expiring (then refused with code token-expired): the user themself or an operator.");

        users.MapPost("/{id}/disable", async ([Id] string id, DisableUserRequest request, UserService service, HttpContext http) =>
            TypedResults.Ok(UserDto.Of(await service.DisableAsync(
                Caller.Of(http),
                Ids.Parse(id, "user"),
                request.Keys ?? throw new ServiceError(ErrorCode.InvalidRequest, "keys is required: revoke, freeze or keep the keys the user holds.", "keys"),
                http.RequestAborted))))
            .WithSummary("Disable a user: every API token of theirs is refused at once (code user-disabled); their keys are revoked (their active rentals returned), frozen by an operator, or kept. Operators only; not yourself.");

        users.MapPost("/{id}/enable", async ([Id] string id, UserService service, HttpContext http) =>
            TypedResults.Ok(UserDto.Of(await service.EnableAsync(Caller.Of(http), Ids.Parse(id, "user"), http.RequestAborted))))
            .WithSummary("Enable a disabled user: their unrevoked, unexpired tokens work again; revoked keys stay revoked, frozen ones frozen until an operator unfreezes them. Operators only.");

        users.MapGet("/{id}/tokens", async ([Id] string id, UserService service, HttpContext http) =>
            TypedResults.Ok((await service.ListTokensAsync(Caller.Of(http), Ids.Parse(id, "user"), http.RequestAborted)).Select(ApiTokenDto.Of).ToList()))
            .WithSummary("A user's API tokens (names and dates; the tokens themselves are never kept): the user themself or an operator.");

        users.MapPost("/{id}/tokens/{tokenId:long}/revoke", async ([Id] string id, long tokenId, UserService service, HttpContext http) =>
            TypedResults.Ok(ApiTokenDto.Of(await service.RevokeTokenAsync(Caller.Of(http), Ids.Parse(id, "user"), tokenId, http.RequestAborted))))
            .WithSummary("Revoke one API token for good (a leaked one stops working at once): the user themself or an operator.");

        return api;
    }
}

