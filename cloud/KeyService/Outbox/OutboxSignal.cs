namespace ShareKey.KeyService.Outbox;

/// <summary>
/// Wakes the sender when something was enqueued, instead of it polling the table. A wake-up that
/// arrives before the enqueuing session commits finds nothing; the sender then sleeps at most
/// <see cref="OutboxSender.IdleRecheck"/> before looking again, so nothing waits long.
/// </summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Notify()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up covers every message enqueued before the sender runs.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);
}
