namespace ShareKey.Mqtt.Client;

/// <summary>How the client reconnects after it lost a connection it had (the first
/// <see cref="MqttClient.ConnectAsync"/> never retries: its failure goes to the caller).</summary>
/// <remarks>Delay before attempt n (0-based) is min(<see cref="MaxDelay"/>, <see cref="InitialDelay"/>·2ⁿ),
/// then scaled by a random factor in [1 − <see cref="Jitter"/>, 1 + <see cref="Jitter"/>] so a fleet of
/// clients dropped by one broker restart does not come back in lockstep.</remarks>
public sealed class MqttReconnectPolicy
{
    /// <summary>When false, a lost connection leaves the client <see cref="MqttClientState.Disconnected"/>;
    /// unacknowledged publishes keep waiting for the next <see cref="MqttClient.ConnectAsync"/>, which resends
    /// them, or fail at <see cref="MqttClient.DisconnectAsync"/>.</summary>
    public bool Enabled { get; init; } = true;

    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Fraction of the delay that is randomised, 0 to 1.</summary>
    public double Jitter { get; init; } = 0.2;

    public TimeSpan DelayBeforeAttempt(int attempt, Random random)
    {
        var exponent = Math.Min(attempt, 30);
        var ticks = Math.Min(MaxDelay.Ticks, InitialDelay.Ticks * (double)(1L << exponent));
        var factor = 1 + (Jitter * ((random.NextDouble() * 2) - 1));
        return TimeSpan.FromTicks((long)(ticks * factor));
    }
}
