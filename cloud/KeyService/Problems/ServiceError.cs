namespace ShareKey.KeyService.Problems;

/// <summary>
/// A refusal the API reports as RFC 9457 problem details. <see cref="Code"/> is stable (clients and
/// the CLI branch on it); the detail says what was wrong and what to do. Nothing was written when
/// one is thrown: services throw before their session commits. <see cref="Field"/> names the
/// request field that was refused, when one was.
/// </summary>
public sealed class ServiceError(ErrorCode code, string detail, string? field = null) : Exception(detail)
{
    public ErrorCode Code { get; } = code;

    public string Detail => Message;

    public string? Field { get; } = field;
}
