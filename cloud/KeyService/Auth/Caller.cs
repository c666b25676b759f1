using ShareKey.KeyService.Problems;

namespace ShareKey.KeyService.Auth;

/// <summary>The authenticated user behind a request.</summary>
public sealed record Caller(ulong UserId, string Name, UserRole Role)
{
    public bool IsOperator => Role == UserRole.Operator;

    /// <summary>How the audit log names this caller.</summary>
    public string Actor => $"user:{UserId:x16}";

    public void RequireOperator(string what)
    {
        if (!IsOperator)
        {
            throw new ServiceError(ErrorCode.Forbidden, $"Only an operator may {what}.");
        }
    }

    /// <summary>Users act on what they hold; operators on everything.</summary>
    public void RequireSelfOrOperator(ulong ownerId, string what)
    {
        if (!IsOperator && ownerId != UserId)
        {
            throw new ServiceError(ErrorCode.Forbidden, $"You may {what} only for yourself; this belongs to another user.");
        }
    }

    public static Caller Of(HttpContext context) =>
        context.Items[typeof(Caller)] as Caller ?? throw new InvalidOperationException("The endpoint is not behind ApiTokenFilter.");
}
