using Microsoft.AspNetCore.Http.HttpResults;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Hosting;

namespace ShareKey.KeyService.Users;

public static class UserApi
{
    public sealed record CreateUserRequest([Name(UserService.MaxNameLength)] string Name, UserRole? Role);

    public sealed record CreatedUser(UserDto User, string Token);

    public sealed record CreateTokenRequest([Text(ApiTokenLabelLength)] string? Name);

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

        users.MapGet("/", async (UserService service, HttpContext http) =>
            TypedResults.Ok((await service.ListAsync(Caller.Of(http), http.RequestAborted)).Select(UserDto.Of).ToList()))
            .WithSummary("Every user. Operators only.");

        users.MapGet("/me", async (UserService service, HttpContext http) =>
            TypedResults.Ok(UserDto.Of(await service.GetAsync(Caller.Of(http), Caller.Of(http).UserId, http.RequestAborted))))
            .WithSummary("The caller.");

        users.MapGet("/{id}", async ([Id] string id, UserService service, HttpContext http) =>
            TypedResults.Ok(UserDto.Of(await service.GetAsync(Caller.Of(http), Ids.Parse(id, "user"), http.RequestAborted))))
            .WithSummary("A user: the user themself or an operator.");

        users.MapPost("/{id}/tokens", async ([Id] string id, CreateTokenRequest request, UserService service, HttpContext http) =>
            TypedResults.Ok(new CreatedToken(await service.CreateTokenAsync(Caller.Of(http), Ids.Parse(id, "user"), request.Name ?? "token", http.RequestAborted))))
            .WithSummary("A new API token for a user (shown once): the user themself or an operator.");

        users.MapGet("/{id}/tokens", async ([Id] string id, UserService service, HttpContext http) =>
            TypedResults.Ok((await service.ListTokensAsync(Caller.Of(http), Ids.Parse(id, "user"), http.RequestAborted)).Select(ApiTokenDto.Of).ToList()))
            .WithSummary("A user's API tokens (names and dates; the tokens themselves are never kept): the user themself or an operator.");

        users.MapPost("/{id}/tokens/{tokenId:long}/revoke", async ([Id] string id, long tokenId, UserService service, HttpContext http) =>
            TypedResults.Ok(ApiTokenDto.Of(await service.RevokeTokenAsync(Caller.Of(http), Ids.Parse(id, "user"), tokenId, http.RequestAborted))))
            .WithSummary("Revoke one API token for good (a leaked one stops working at once): the user themself or an operator.");

        return api;
    }
}

