namespace ShareKey.TestKit;

/// <summary>An error a test provokes on purpose: its category exactly and a fragment of its text (ordinal).</summary>
public sealed class ExpectedError
{
    private readonly TaskCompletionSource<LoggedError> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    internal ExpectedError(string category, string fragment)
    {
        Category = category;
        Fragment = fragment;
    }

    public string Category { get; }

    public string Fragment { get; }

    /// <summary>How many reported errors it matched.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Completes with the first error it matched, for tests that wait for the error to happen.</summary>
    public Task<LoggedError> FirstSeen => _first.Task;

    internal bool Matches(LoggedError error) =>
        error.Category == Category && error.Text.Contains(Fragment, StringComparison.Ordinal);

    internal void Saw(LoggedError error)
    {
        Interlocked.Increment(ref _count);
        _first.TrySetResult(error);
    }

    public override string ToString() => $"[{Category}] …{Fragment}…";
}
