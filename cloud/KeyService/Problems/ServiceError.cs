namespace ShareKey.KeyService.Problems;

/// <summary>
/// A refusal the API reports as RFC 9457 problem details. <see cref="Code"/> is stable (clients and
/// the CLI branch on it); the detail says what was wrong and what to do. Nothing was written when
/// one is thrown: services throw before their session commits. <see cref="Field"/> names the
/// request field that was refused, when one was; <see cref="Members"/> are further members of the
/// problem a client can act on without parsing the detail (the window that took a space).
/// </summary>
public sealed class ServiceError(ErrorCode code, string detail, string? field = null, IReadOnlyDictionary<string, object?>? members = null) : Exception(detail)
{
    public ErrorCode Code { get; } = code;

    public string Detail => Message;

    public string? Field { get; } = field;

    public IReadOnlyDictionary<string, object?> Members { get; } = members ?? new Dictionary<string, object?>();
}
