using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ShareKey.KeyService.Api;

/// <summary>
/// How the API reads request bodies: <see cref="Json.Options"/> made strict. A field the request
/// does not have, or one given twice, is refused (a typo must not silently fall back to a default,
/// as <c>{"user":"alice"}</c> once issued keys to the caller), and every member that carries a
/// <see cref="TextRuleAttribute"/> is checked and normalised while it is parsed.
/// </summary>
public static class RequestJson
{
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        Json.Configure(options);
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { ApplyTextRules } };
        return options;
    }

    /// <summary>The rule declared on a DTO member: on the record's constructor parameter or on the property.</summary>
    public static TextRuleAttribute? RuleOf(JsonPropertyInfo property) =>
        RuleOf(property.AssociatedParameter?.AttributeProvider) ?? RuleOf(property.AttributeProvider);

    public static TextRuleAttribute? RuleOf(ICustomAttributeProvider? provider) =>
        provider?.GetCustomAttributes(typeof(TextRuleAttribute), inherit: true).OfType<TextRuleAttribute>().FirstOrDefault();

    private static void ApplyTextRules(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (RuleOf(property) is not { } rule)
            {
                continue;
            }

            property.CustomConverter = property.PropertyType == typeof(string) ? new RuledString(rule)
                : property.PropertyType == typeof(IReadOnlyList<string>) ? new RuledStrings(rule)
                : throw new InvalidOperationException($"{type.Type.Name}.{property.Name}: a text rule goes on a string or an IReadOnlyList<string>.");
        }
    }

    private sealed class RuledString(TextRuleAttribute rule) : JsonConverter<string>
    {
        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? rule.Apply(reader.GetString()!) : throw new FieldRefusedException("must be a string");

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    private sealed class RuledStrings(TextRuleAttribute rule) : JsonConverter<IReadOnlyList<string>>
    {
        public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new FieldRefusedException("must be an array of strings");
            }

            var values = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (values.Count == rule.MaxItems)
                {
                    throw new FieldRefusedException($"has more than {rule.MaxItems} entries");
                }

                var index = values.Count;
                values.Add(reader.TokenType == JsonTokenType.String
                    ? ApplyAt(index, reader.GetString()!)
                    : throw new FieldRefusedException("must be a string", $"[{index}]"));
            }

            return values;
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.ToArray(), options);

        private string ApplyAt(int index, string value)
        {
            try
            {
                return rule.Apply(value);
            }
            catch (FieldRefusedException refused)
            {
                throw new FieldRefusedException(refused.Reason, $"[{index}]");
            }
        }
    }
}
