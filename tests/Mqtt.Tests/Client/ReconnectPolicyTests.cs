using FsCheck;
using FsCheck.Fluent;
using ShareKey.Mqtt.Client;

namespace ShareKey.Mqtt.Tests.Client;

public sealed class ReconnectPolicyTests
{
    [Fact]
    public void Every_delay_is_the_capped_exponential_within_the_jitter_band()
    {
        var policy = new MqttReconnectPolicy
        {
            InitialDelay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(30),
            Jitter = 0.2,
        };

        Prop.ForAll(Gen.Choose(0, 100).ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (attempt, seed) =>
        {
            var nominal = Math.Min(30_000, 100 * Math.Pow(2, Math.Min(attempt, 30)));
            var delay = policy.DelayBeforeAttempt(attempt, new Random(seed)).TotalMilliseconds;
            return delay >= (nominal * 0.8) - 0.001 && delay <= (nominal * 1.2) + 0.001;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Without_jitter_the_delay_doubles_until_the_cap()
    {
        var policy = new MqttReconnectPolicy { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5), Jitter = 0 };

        var delays = Enumerable.Range(0, 5).Select(attempt => policy.DelayBeforeAttempt(attempt, Random.Shared).TotalSeconds);

        Assert.Equal([1, 2, 4, 5, 5], delays);
    }
}
