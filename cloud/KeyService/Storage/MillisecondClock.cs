namespace ShareKey.KeyService.Storage;

/// <summary>
/// The service's clock: the system's, to the whole millisecond. The store keeps times as unix milliseconds
/// (Storage/Sql/SqlValues.cs), so every time the service takes is one it stores exactly: what a create answers
/// is what each later read of the same row answers.
/// </summary>
public sealed class MillisecondClock : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => Cut(base.GetUtcNow());

    /// <summary>A time as the store keeps it: to the whole millisecond (a caller's own times, before they are answered back).</summary>
    public static DateTimeOffset Cut(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
}
