namespace ShareKey.KeyService.Problems;

/// <summary>
/// A refusal the API reports as RFC 9457 problem details. <see cref="Code"/> is stable (clients and
/// the CLI branch on it); the detail says what was wrong and what to do. Nothing was written when
/// one is thrown: services throw before their session commits.
/// </summary>
public sealed class ServiceError(ErrorCode code, string detail) : Exception(detail)
{
    public ErrorCode Code { get; } = code;

    public string Detail => Message;
}
