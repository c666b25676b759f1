namespace ShareKey.KeyService.Storage;

/// <summary>
/// How often <see cref="TransactionRunner"/> runs a unit of work whose transaction the database undid
/// (<paramref name="MaxAttempts"/>, the first run included), and how long it waits before each new
/// run: <paramref name="FirstDelay"/>, doubling up to <paramref name="MaxDelay"/>, each wait drawn
/// from the upper half of its window so that the sessions that collided do not meet again in step.
/// </summary>
public sealed record TransactionRetry(int MaxAttempts, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    /// <summary>Eight runs, waits of 20 ms doubling to 1 s: at most about 2.5 s of waiting, far beyond any collision seen.</summary>
    public static readonly TransactionRetry Default = new(8, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(1));

    /// <summary>The wait before run <paramref name="attempt"/> (2 or later).</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        var window = FirstDelay;
        for (var i = 2; i < attempt && window < MaxDelay; i++)
        {
            window *= 2;
        }

        window = window < MaxDelay ? window : MaxDelay;
        return window / 2 + window / 2 * Random.Shared.NextDouble();
    }
}
