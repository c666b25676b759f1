using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ShareKey.KeyService.Api;

/// <summary>
/// What `/openapi/v1.json` says beyond what the routes declare: the bearer scheme every /v1 call
/// needs, an operation id for every route, the problem-details answers a route can give, and the
/// text rules as JSON Schema. `redocly lint` checks the result (tests/…/Api/ApiDocumentLintTests).
/// </summary>
public static class ApiDocument
{
    public const string BearerScheme = "bearer";

    public const string ProblemSchema = "Problem";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Health"] = "Whether the store and the device link answer; no token needed.",
        ["Metrics"] = "The service's own numbers in Prometheus text format. Operators only.",
        ["Users"] = "Users and their API tokens.",
        ["Devices"] = "Boards (T-BOX, parking lock): provisioning, state, their keys, events and outbox. Operators only.",
        ["Vehicles"] = "VIN to T-BOX bindings (R4).",
        ["Keys"] = "Virtual keys: apply, see, revoke, freeze (R1).",
        ["Sharing"] = "Sharing a key with another user and giving a share up (R2).",
        ["Rentals"] = "Rentals: a renter's key for a period, returned with a key rotation (R0).",
        ["Reservations"] = "Reservations of parking spaces for a window, each with the renter's key for the space's lock; first come, first served (R2.11).",
        ["Rotations"] = "Epoch-key rotations of devices and their progress.",
        ["Audit"] = "Who did what, when, with what result. Operators only.",
        ["Notifications"] = "The caller's notifications: a feed and a live stream.",
        ["Webhooks"] = "The caller's notifications pushed to their own https:// endpoints, signed; deliveries and dead letters.",
    };

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddSchemaTransformer(ApiSchemas.ApplyAsync);
            options.AddOperationTransformer(ApiOperations.ApplyAsync);
            options.AddDocumentTransformer(DescribeAsync);
        });

    private static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "ShareKey KeyService";
        document.Info.Version = "1";
        document.Info.Description = "Phone-as-key cloud service: users, boards, vehicles, keys, rentals, rotations. Every /v1 call needs `Authorization: Bearer skt_…`; every refusal is RFC 9457 problem details with a stable `code`.";
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "skt_…",
            Description = "An API token (`sharekey user token`, or the one printed at first start).",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = Problem();

        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description = description;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>RFC 9457 problem details as ProblemResults writes them: "code" always, "field" when one field was refused.</summary>
    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "type", "title", "status", "code" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "https://sharekey.dev/problems/<code>" },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What was wrong and what to do; starts with the field's name when one was refused." },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable error code, e.g. invalid-request, not-found, device-not-found, request-too-large." },
            ["field"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The refused request field, e.g. name or deviceIds[3]." },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
        },
    };
}
