using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ShareKey.KeyService.Api;

/// <summary>
/// Per route: an operation id when the route names none ("getDevicesByIdEvents"), the bearer
/// requirement under /v1 and on /metrics (explicitly none elsewhere), and the problem answers it can really give —
/// 401 under /v1, 400 when it takes input, 404 when its path names something, 413/415 with a body.
/// </summary>
public static class ApiOperations
{
    public static Task ApplyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var path = "/" + (description.RelativePath ?? string.Empty).TrimStart('/');
        operation.OperationId ??= OperationId(description.HttpMethod ?? "get", path);

        // /metrics keeps the path Prometheus expects but sits behind the operator token like /v1.
        var secured = path.StartsWith("/v1/", StringComparison.Ordinal) || path == "/metrics";
        operation.Security =
        [
            secured ? new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiDocument.BearerScheme, context.Document)] = [] } : new OpenApiSecurityRequirement(),
        ];

        var parameters = operation.Parameters ?? [];
        DescribeRuledParameters(parameters, description.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault());
        var hasBody = operation.RequestBody is not null;
        if (secured)
        {
            AddProblem(operation, context, StatusCodes.Status401Unauthorized, "Missing, unknown or revoked API token (code unauthenticated).");
        }

        if (hasBody || parameters.Count > 0)
        {
            AddProblem(operation, context, StatusCodes.Status400BadRequest, "A field or parameter broke its rule, or the body is not this request's JSON (code invalid-request; field names it).");
        }

        if (parameters.Any(p => p.In == ParameterLocation.Path))
        {
            AddProblem(operation, context, StatusCodes.Status404NotFound, "Nothing with that id (code not-found or <thing>-not-found).");
        }

        if (hasBody)
        {
            AddProblem(operation, context, StatusCodes.Status413PayloadTooLarge, $"The body is over {ApiInput.MaxBodyBytes / 1024} KiB (code request-too-large).");
            AddProblem(operation, context, StatusCodes.Status415UnsupportedMediaType, "The body is not application/json (code unsupported-media-type).");
        }

        return Task.CompletedTask;
    }

    /// <summary>"GET /v1/devices/{id}/events" → "getDevicesByIdEvents": unique per route, stable while the route is.</summary>
    public static string OperationId(string method, string path)
    {
        var id = new StringBuilder(method.ToLowerInvariant());
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != "v1"))
        {
            var name = segment.StartsWith('{') ? "By" + Pascal(segment.Trim('{', '}').Split(':')[0]) : Pascal(segment);
            id.Append(name);
        }

        return id.ToString();
    }

    /// <summary>Route and query parameters that declare a text rule get its length, words or pattern.</summary>
    private static void DescribeRuledParameters(IList<IOpenApiParameter> parameters, MethodInfo? handler)
    {
        foreach (var parameter in parameters)
        {
            var declared = handler?.GetParameters().FirstOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
            if (declared is not null && RequestJson.RuleOf(declared) is { } rule && parameter.Schema is OpenApiSchema schema)
            {
                ApiSchemas.Describe(schema, rule, list: false, nullable: false);
            }
        }
    }

    private static string Pascal(string word) =>
        string.Concat(word.Split('-', '_', '.').Where(part => part.Length > 0).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    private static void AddProblem(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status, string description)
    {
        operation.Responses ??= new OpenApiResponses();
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.ContainsKey(key) && operation.Responses[key].Content?.Count > 0)
        {
            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ApiDocument.ProblemSchema, context.Document) },
            },
        };
    }
}
