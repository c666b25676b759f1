namespace ShareKey.TestKit;

/// <summary>An error the code under test logged: its logger category (or log source), message and exception.</summary>
public sealed record LoggedError(string Category, string Message, Exception? Exception)
{
    /// <summary>Whether a declared <see cref="ExpectedError"/> matched it when it was reported.</summary>
    public bool Expected { get; internal set; }

    /// <summary>The message and the exception, as a fragment is matched against.</summary>
    public string Text => Exception is null ? Message : $"{Message} {Exception}";

    public override string ToString() => $"[{Category}] {Text}";
}
