using System.Collections.Concurrent;

namespace ShareKey.KeyService.Outbox;

/// <summary>
/// Hands the sender what sessions committed for their first send, and wakes it, instead of it
/// polling the table. A message committed while the sender cannot send (its link is down) waits
/// here for it, up to <see cref="MaxWaiting"/> messages; one past that, or one whose first send
/// comes too late, is sent by the table's resend once its ack timeout has passed (OutboxSender).
/// </summary>
public sealed class OutboxSignal
{
    /// <summary>First sends kept while the sender cannot send: a fleet's rotation, with room to spare.</summary>
    public const int MaxWaiting = 100_000;

    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly ConcurrentQueue<OutboxMessage> _committed = new();
    private int _waiting;

    /// <summary>Messages a session has just committed, each counted as attempted then (OutboxWriter): the sender sends them as they are.</summary>
    public void Committed(IReadOnlyList<OutboxMessage> messages)
    {
        foreach (var message in messages)
        {
            if (Interlocked.Increment(ref _waiting) > MaxWaiting)
            {
                Interlocked.Decrement(ref _waiting);
                continue;
            }

            _committed.Enqueue(message);
        }

        Notify();
    }

    /// <summary>Every message committed and not yet taken, oldest first.</summary>
    public List<OutboxMessage> TakeCommitted()
    {
        var taken = new List<OutboxMessage>();
        while (_committed.TryDequeue(out var message))
        {
            Interlocked.Decrement(ref _waiting);
            taken.Add(message);
        }

        return taken;
    }

    public void Notify()
    {
        // Already signalled: one wake-up covers every message committed before the sender runs. Checked
        // first because a fleet's rotation commits thousands at once, and an exception each cost
        // the service more CPU than the enqueue (the fleet benchmark's profile).
        if (_wake.CurrentCount > 0)
        {
            return;
        }

        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Signalled by another thread between the check and the release.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);
}
