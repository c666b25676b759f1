namespace ShareKey.KeyService.Notifications;

/// <summary>
/// When to try a failed delivery again: the first retry after <see cref="WebhookOptions.FirstRetryDelay"/>,
/// each later one twice as late, capped at <see cref="WebhookOptions.MaxRetryDelay"/>, each drawn from
/// the upper half of its window so that receivers coming back are not hit by every sender at once.
/// With the defaults (10 s doubling to 4 h, give up after 24 h) that is about 17 attempts over a day.
/// </summary>
public static class RetrySchedule
{
    public static TimeSpan DelayAfter(int attempts, WebhookOptions options, Random random)
    {
        var doublings = Math.Clamp(attempts - 1, 0, 30);
        var window = Math.Min(options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, doublings), options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(window * (0.5 + random.NextDouble() * 0.5));
    }
}
