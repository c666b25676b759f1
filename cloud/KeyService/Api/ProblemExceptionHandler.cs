using Microsoft.AspNetCore.Diagnostics;
using ShareKey.KeyService.Problems;

namespace ShareKey.KeyService.Api;

/// <summary>
/// Turns exceptions into problem details with a "code" member. Refusals (<see cref="ServiceError"/>,
/// unreadable requests) are the caller's business and are not logged as errors; anything else is a
/// bug: logged with its stack, answered with a 500 that reveals nothing inside.
/// </summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var result = exception switch
        {
            ServiceError service => ProblemResults.For(service.Code, service.Detail, service.Field, service.Members),
            BadHttpRequestException bad => RequestProblems.Of(bad, httpContext),
            _ => null,
        };
        if (result is null)
        {
            logger.LogError(exception, "{Method} {Path} failed", httpContext.Request.Method, httpContext.Request.Path);
            result = TypedResults.Problem(
                detail: "The service failed while handling this request; it has been logged. Retrying may help.",
                statusCode: StatusCodes.Status500InternalServerError,
                title: "Internal error",
                type: ProblemResults.TypeBase + "internal",
                extensions: new Dictionary<string, object?> { ["code"] = "internal" });
        }

        await result.ExecuteAsync(httpContext);
        return true;
    }
}
