using Microsoft.AspNetCore.Http.HttpResults;
using ShareKey.KeyService.Problems;

namespace ShareKey.KeyService.Api;

/// <summary>
/// Problem details (RFC 9457) with the stable error code as a "code" member and, when one request
/// field was refused, its name as a "field" member.
/// </summary>
public static class ProblemResults
{
    public const string TypeBase = "https://sharekey.dev/problems/";

    public static ProblemHttpResult For(ErrorCode code, string detail, string? field = null, IReadOnlyDictionary<string, object?>? members = null)
    {
        var extensions = new Dictionary<string, object?>(members ?? new Dictionary<string, object?>()) { ["code"] = code.Wire() };
        if (field is not null)
        {
            extensions["field"] = field;
        }

        return TypedResults.Problem(detail: detail, statusCode: code.Status(), title: code.Title(), type: TypeBase + code.Wire(), extensions: extensions);
    }

    /// <summary>
    /// Gives the problems the framework writes itself (an unknown route, a wrong method) the same
    /// "code" and "type" as ours, so every 4xx has one.
    /// </summary>
    public static void AddCode(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.ContainsKey("code") || problem.Status is not { } status)
        {
            return;
        }

        var code = ErrorCodes.ForStatus(status);
        problem.Extensions["code"] = code?.Wire() ?? "internal";
        problem.Type = TypeBase + (code?.Wire() ?? "internal");
        problem.Title = code?.Title() ?? problem.Title;
        problem.Detail ??= code switch
        {
            ErrorCode.NotFound => $"Nothing is at {context.HttpContext.Request.Path}; the API document is /openapi/v1.json.",
            ErrorCode.MethodNotAllowed => $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}; the API document is /openapi/v1.json.",
            ErrorCode.RequestTooLarge => RequestProblems.TooLargeDetail,
            _ => code?.Title(),
        };
    }
}
