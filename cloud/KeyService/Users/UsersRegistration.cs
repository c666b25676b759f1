namespace ShareKey.KeyService.Users;

public static class UsersRegistration
{
    /// <summary>Users, their API tokens, and the filter that authenticates every /v1 call by one.</summary>
    public static IServiceCollection AddUsers(this IServiceCollection services) => services
        .AddSingleton<UserService>()
        .AddSingleton<ApiTokenFilter>();
}
