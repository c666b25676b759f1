namespace ShareKey.Mqtt.Tests.Client;

/// <summary>How long a test waits for something that should happen. Generous: it only bounds a failing test,
/// a passing one never waits this long.</summary>
internal static class Signals
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
}
