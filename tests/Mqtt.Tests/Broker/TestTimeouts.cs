namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>Upper bounds for waiting on signals: generous, because a loaded 2-core CI box is slow, and only ever
/// reached when something is broken.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Signal = TimeSpan.FromSeconds(30);

    /// <summary>How long to watch for something that must NOT happen (a message that should not arrive).</summary>
    public static readonly TimeSpan Absence = TimeSpan.FromMilliseconds(500);
}
