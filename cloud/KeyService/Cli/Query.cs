namespace ShareKey.KeyService.Cli;

/// <summary>Builds a path's query string from the filters a command was given, leaving out those it was not.</summary>
public static class Query
{
    public static string Of(string path, params (string Name, object? Value)[] parameters)
    {
        var given = parameters
            .Where(parameter => parameter.Value is not null)
            .Select(parameter => parameter.Name + "=" + Uri.EscapeDataString(Format(parameter.Value!)))
            .ToList();
        return given.Count == 0 ? path : path + "?" + string.Join("&", given);
    }

    /// <summary>Enums go by their JSON spelling ("gave-up", "parking-lock"), which the API's query filters read.</summary>
    private static string Format(object value) => value switch
    {
        Enum member => System.Text.Json.JsonSerializer.Serialize(member, member.GetType(), Api.Json.Options).Trim('"'),
        DateTimeOffset time => time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
