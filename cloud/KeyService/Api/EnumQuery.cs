using System.Text.Json;
using ShareKey.KeyService.Problems;

namespace ShareKey.KeyService.Api;

/// <summary>Reads an enum from a query string in the same kebab-case the JSON uses ("gave-up", "parking-lock").</summary>
public static class EnumQuery
{
    public static T? Parse<T>(string? text, string name)
        where T : struct, Enum
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(text), Json.Options);
        }
        catch (JsonException)
        {
            var allowed = string.Join(", ", Enum.GetValues<T>().Select(value => JsonSerializer.Serialize(value, Json.Options).Trim('"')));
            throw new ServiceError(ErrorCode.InvalidRequest, $"{name} '{text}' is not one of: {allowed}.");
        }
    }
}
