using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ShareKey.KeyService.Notifications;

/// <summary>
/// How a delivery is signed, and how a receiver checks it. The signature is HMAC-SHA256 under the
/// endpoint's secret (its UTF-8 text, "whsec_…") over "{timestamp}.{body}", where timestamp is the
/// <see cref="TimestampHeader"/> value (Unix seconds) and body the exact bytes received. The
/// <see cref="SignatureHeader"/> is "v1=" and the MAC in lower-case hex. A receiver recomputes it,
/// compares in constant time, and refuses a timestamp further than its tolerance from its own clock
/// (a replayed old delivery), then drops event ids it has already handled (at-least-once delivery).
/// </summary>
public static class WebhookSignature
{
    public const string EventIdHeader = "ShareKey-Event-Id";
    public const string EventTypeHeader = "ShareKey-Event-Type";
    public const string TimestampHeader = "ShareKey-Timestamp";
    public const string SignatureHeader = "ShareKey-Signature";

    private const string SecretPrefix = "whsec_";
    private const string Version = "v1=";

    /// <summary>A new endpoint secret: 256 random bits.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return Version + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    /// <summary>What a receiver does: true only for an unaltered body signed under <paramref name="secret"/> within <paramref name="tolerance"/> of <paramref name="now"/>.</summary>
    public static bool Verify(string secret, string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) || signatureHeader is null
            || Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signatureHeader));
    }
}
