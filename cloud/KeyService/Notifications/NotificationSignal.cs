namespace ShareKey.KeyService.Notifications;

/// <summary>
/// Tells this process's streams and webhook sender that the pipeline committed new notifications.
/// Every waiter wakes (unlike a semaphore); a waiter also rechecks on its own timer, which covers
/// notifications written by another instance.
/// </summary>
public sealed class NotificationSignal
{
    private TaskCompletionSource _next = NewSource();

    public void Notify() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    /// <summary>Completes at the next <see cref="Notify"/> or after <paramref name="timeout"/>, whichever is first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var next = Volatile.Read(ref _next).Task;
        await Task.WhenAny(next, Task.Delay(timeout, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
