using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShareKey.KeyService.Api;

/// <summary>One JSON shape for the API and the CLI: camelCase members, kebab-case enum names.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>An enum member as the API spells it ("gave-up"), for messages that quote one.</summary>
    public static string Name<T>(T value)
        where T : struct, Enum => JsonSerializer.Serialize(value, Options).Trim('"');

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.WriteIndented = true;
        return options;
    }
}
