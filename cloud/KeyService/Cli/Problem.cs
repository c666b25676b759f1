using System.Net;
using System.Text.Json;
using ShareKey.KeyService.Api;

namespace ShareKey.KeyService.Cli;

/// <summary>The two members of an RFC 9457 problem the CLI prints: the service's stable "code" and its "detail", control characters escaped.</summary>
public sealed record Problem(string Code, string Detail)
{
    /// <summary>Reads a problem body; anything else (a proxy's HTML page, an empty body) becomes "http-STATUS".</summary>
    public static Problem Parse(string body, HttpStatusCode status)
    {
        var fallback = new Problem($"http-{(int)status}", status.ToString());
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return fallback;
            }

            return new Problem(
                Member(root, "code") ?? fallback.Code,
                Member(root, "detail") ?? Member(root, "title") ?? fallback.Detail);
        }
        catch (JsonException)
        {
            return fallback;
        }
    }

    /// <summary>A member as the terminal may show it: a service (or something posing as one) cannot send escape sequences through.</summary>
    private static string? Member(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? UnicodeText.Visible(value.GetString()!, 2000) : null;
}
