namespace ShareKey.TestKit;

/// <summary>
/// Waits on a condition with a deadline: services, brokers and devices work in the background, so tests poll
/// what they can observe rather than sleep. The deadline is generous (a passing test never waits it out) and
/// is what fails the test.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Reads until <paramref name="holds"/> is true of what was read, and returns that.</summary>
    public static async Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> holds, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var value = await read();
            if (holds(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"still not true after {limit}: {what}; last seen: {value}");
            }

            await Task.Delay(PollInterval);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        GetAsync(condition, holds => holds, what, timeout);

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        GetAsync(() => Task.FromResult(condition()), holds => holds, what, timeout);
}
