namespace ShareKey.KeyService.Hosting;

/// <summary>
/// The service's clock: the system's, to the whole millisecond. The store keeps times as unix milliseconds
/// (Storage/Sql/SqlValues.cs), so every time the service takes is one it stores exactly: what a create answers
/// is what each later read of the same row answers.
/// </summary>
public sealed class MillisecondClock : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(base.GetUtcNow().ToUnixTimeMilliseconds());
}
