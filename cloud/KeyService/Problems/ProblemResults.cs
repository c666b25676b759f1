using Microsoft.AspNetCore.Http.HttpResults;

namespace ShareKey.KeyService.Problems;

/// <summary>Problem details (RFC 9457) with the stable error code as a "code" member.</summary>
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
}
