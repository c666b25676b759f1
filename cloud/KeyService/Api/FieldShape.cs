using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace ShareKey.KeyService.Api;

/// <summary>
/// Says in words what a request field must hold ("a whole number from 0 to 65535"), found from the
/// request type and the JSON path of a value that did not fit, so a refusal never quotes .NET types.
/// </summary>
public static class FieldShape
{
    /// <summary>The member a JSON path ("$.deviceIds[2]") leads to in <paramref name="root"/>: its type, or null when there is no such field.</summary>
    public static Type? TypeAt(Type root, IReadOnlyList<string> segments)
    {
        var type = root;
        foreach (var segment in segments)
        {
            if (segment.StartsWith('['))
            {
                type = ElementType(type);
            }
            else
            {
                type = type is null ? null : PropertyNamed(type, segment)?.PropertyType;
            }

            if (type is null)
            {
                return null;
            }
        }

        return type;
    }

    public static PropertyInfo? PropertyNamed(Type type, string jsonName) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => string.Equals(Json.Options.PropertyNamingPolicy?.ConvertName(p.Name) ?? p.Name, jsonName, StringComparison.OrdinalIgnoreCase));

    public static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "a string";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type.IsEnum)
        {
            var names = Enum.GetValues(type).Cast<object>().Select(value => JsonSerializer.Serialize(value, type, Json.Options).Trim('"'));
            return "one of: " + string.Join(", ", names);
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return "a time in ISO 8601 form, such as 2030-01-31T18:00:00Z";
        }

        if (type.IsPrimitive && type != typeof(char))
        {
            return type == typeof(float) || type == typeof(double)
                ? "a number"
                : $"a whole number from {type.GetField("MinValue")!.GetValue(null)} to {type.GetField("MaxValue")!.GetValue(null)}";
        }

        return ElementType(type) is { } element ? $"an array, each entry {Describe(element)}" : "a JSON object";
    }

    /// <summary>"$.deviceIds[2]" as ["deviceIds", "[2]"].</summary>
    public static IReadOnlyList<string> Segments(string path)
    {
        var segments = new List<string>();
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                segments.Add(path[(i + 2)..end]);
                i = Math.Min(path.Length, end + 2);
            }
            else
            {
                var end = path.IndexOf(']', i);
                end = end < 0 ? path.Length - 1 : end;
                segments.Add(path[i..(end + 1)]);
                i = end + 1;
            }
        }

        return segments;
    }

    /// <summary>Segments written back as a field name: "deviceIds[2]".</summary>
    public static string Name(IReadOnlyList<string> segments) =>
        string.Concat(segments.Select((segment, i) => i == 0 || segment.StartsWith('[') ? segment : "." + segment));

    private static Type? ElementType(Type? type)
    {
        if (type is null || type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return null;
        }

        return type.IsArray ? type.GetElementType() : type.GetGenericArguments().FirstOrDefault();
    }
}
