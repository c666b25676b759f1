using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ShareKey.KeyService.Api;

/// <summary>
/// JSON Schema for what the framework cannot see: a member with a <see cref="TextRuleAttribute"/>
/// is a string (or list of strings) with the rule's length, words or pattern and its description;
/// and a member the record declares nullable is optional, not "required" (the API leaves null
/// members out of its answers, and requests may leave them out).
/// </summary>
public static class ApiSchemas
{
    public static Task ApplyAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is { } property && RequestJson.RuleOf(property) is { } rule)
        {
            Describe(schema, rule, list: property.PropertyType != typeof(string), nullable: property.IsGetNullable || property.IsSetNullable);
        }

        if (context.JsonTypeInfo.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object && schema.Required is { Count: > 0 } required)
        {
            foreach (var member in context.JsonTypeInfo.Properties.Where(p => p.IsGetNullable || p.IsSetNullable || IsOptionalParameter(p.AssociatedParameter)))
            {
                required.Remove(member.Name);
            }
        }

        return Task.CompletedTask;
    }

    private static bool IsOptionalParameter(System.Text.Json.Serialization.Metadata.JsonParameterInfo? parameter) =>
        parameter is { HasDefaultValue: true } or { IsNullable: true };

    public static void Describe(OpenApiSchema schema, TextRuleAttribute rule, bool list, bool nullable)
    {
        var text = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = rule.MaxLength, Description = rule.Describe };
        switch (rule)
        {
            case OneOfAttribute oneOf:
                text.Enum = oneOf.Allowed.Select(word => (System.Text.Json.Nodes.JsonNode)word).ToList();
                break;
            case IdAttribute:
                text.Pattern = "^[0-9a-fA-F]{16}$";
                break;
            case VinAttribute:
                text.Pattern = "^[A-HJ-NPR-Za-hj-npr-z0-9]{17}$";
                break;
            default:
                text.MinLength = 1;
                break;
        }

        var nullFlag = nullable ? JsonSchemaType.Null : 0;
        if (list)
        {
            schema.Type = JsonSchemaType.Array | nullFlag;
            schema.Items = text;
            schema.MaxItems = rule.MaxItems;
            schema.Description = "Each: " + rule.Describe;
        }
        else
        {
            schema.Type = JsonSchemaType.String | nullFlag;
            schema.MaxLength = text.MaxLength;
            schema.MinLength = text.MinLength;
            schema.Pattern = text.Pattern;
            schema.Enum = text.Enum;
            schema.Description = rule.Describe;
        }
    }
}
