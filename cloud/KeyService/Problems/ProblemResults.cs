using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ShareKey.KeyService.Problems;

/// <summary>Turns <see cref="ServiceError"/>s (and anything unexpected) into problem details with a "code" member.</summary>
public static class ProblemResults
{
    public const string TypeBase = "https://sharekey.dev/problems/";

    public static ProblemHttpResult For(ErrorCode code, string detail) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: code.Status(),
            title: code.Title(),
            type: TypeBase + code.Wire(),
            extensions: new Dictionary<string, object?> { ["code"] = code.Wire() });

    /// <summary>The exception handler: service errors become their problem; anything else a 500 with no internals.</summary>
    public static async Task HandleAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var result = error switch
        {
            ServiceError service => For(service.Code, service.Detail),
            BadHttpRequestException bad => For(ErrorCode.InvalidRequest, bad.Message),
            _ => TypedResults.Problem(
                detail: "The service failed while handling this request; it has been logged. Retrying may help.",
                statusCode: StatusCodes.Status500InternalServerError,
                title: "Internal error",
                type: TypeBase + "internal",
                extensions: new Dictionary<string, object?> { ["code"] = "internal" }),
        };
        await result.ExecuteAsync(context);
    }
}
