using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Keys;

public static class KeysRegistration
{
    /// <summary>Issuing, changing, freezing and revoking keys, their tokens, and the bulletins that carry revocations to devices.</summary>
    public static IServiceCollection AddKeys(this IServiceCollection services) => services
        .AddSingleton<BulletinIssuer>()
        .AddSingleton<TokenMinter>()
        .AddSingleton<KeyIssueMetrics>()
        .AddSingleton<KeyManager>()
        .AddSingleton<KeyValidity>()
        .AddSingleton<IHeldKeys, HeldKeys>();
}
