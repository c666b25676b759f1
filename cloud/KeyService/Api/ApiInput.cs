using Microsoft.AspNetCore.Server.Kestrel.Core;
using ShareKey.KeyService.Problems;

namespace ShareKey.KeyService.Api;

/// <summary>
/// What every request goes through before a handler sees it: a body size limit, strict JSON with
/// the declared text rules, and problem details with a stable code for every refusal — the
/// framework's own 404/405/415 included.
/// </summary>
public static class ApiInput
{
    /// <summary>Far above any real request (a rotation of 10,000 named devices is ~200 KiB), far below harm.</summary>
    public const long MaxBodyBytes = 256 * 1024;

    public static IServiceCollection AddApiInput(this IServiceCollection services)
    {
        UnicodeText.RequireNormalisation();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = ProblemResults.AddCode);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<RouteHandlerOptions>(handlers => handlers.ThrowOnBadRequest = true);
        services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = MaxBodyBytes);
        services.ConfigureHttpJsonOptions(json => RequestJson.Configure(json.SerializerOptions));
        return services;
    }

    /// <summary>Exception handler, status-code problems, and the size limit checked before any body is read.</summary>
    public static WebApplication UseApiInput(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(async (http, next) =>
        {
            if (http.Request.ContentLength > MaxBodyBytes)
            {
                await RequestProblems.TooLarge().ExecuteAsync(http);
                return;
            }

            await next(http);
        });
        return app;
    }
}
