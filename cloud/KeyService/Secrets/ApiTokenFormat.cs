using System.Security.Cryptography;
using System.Text;

namespace ShareKey.KeyService.Secrets;

/// <summary>
/// API tokens: "skt_" + 43 base64url characters (32 random bytes). Only SHA-256 of the token is
/// stored; a fast hash is right here because the token has 256 bits of entropy, unlike a password.
/// </summary>
public static class ApiTokenFormat
{
    public const string Prefix = "skt_";

    public static string NewToken() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public static bool LooksLikeToken(string value) => value.StartsWith(Prefix, StringComparison.Ordinal) && value.Length == Prefix.Length + 43;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
