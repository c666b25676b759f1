using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Gateway;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Outbox;

/// <summary>
/// Sends what is due in the outbox. A message's first send was counted when it was queued
/// (<see cref="OutboxWriter"/>): it comes from the session that committed it (<see cref="OutboxSignal"/>)
/// and goes out as it is, unless its resend has fallen due meanwhile. Resends are claimed from the
/// table, in one session: each due message gets its attempt counted and its next attempt pushed back
/// by its ack timeout. Frames go out after that session commits, so a crash between the two only
/// means a resend one timeout later, never a lost or unlimited message. With PostgreSQL, several
/// instances claim disjoint rows (SKIP LOCKED), and each sends the first sends it committed. The
/// claim locks outbox rows only and never waits (the lock order's one exception,
/// Storage/Sql/DeviceLocks.cs); a message whose attempts are spent is abandoned — and its feature
/// told (<see cref="IAbandonedMessageHandler"/>: a Rotate's rotation gives up, R0.4) — afterwards,
/// in a session per device that locks the device first, as the device's own ack does, and checks
/// the message is still pending and spent. A resend (and so a give-up) waits until every up frame
/// received before it fell due is applied (<see cref="IUplinkBacklog"/>): its ack may be among them.
/// </summary>
public sealed class OutboxSender(IKeyStore store, TransactionRunner transactions, IDeviceLink link, IEnumerable<IAbandonedMessageHandler> abandonedHandlers, IUplinkBacklog uplinks, OutboxSignal signal, TimeProvider time, ILogger<OutboxSender> logger) : BackgroundService
{
    public const int BatchSize = 512;

    /// <summary>Longest sleep without a signal: covers a wake-up that came before its enqueuing session committed.</summary>
    public static readonly TimeSpan IdleRecheck = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int sent;
            try
            {
                sent = await SendDueAsync(stoppingToken);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                logger.LogError(failure, "The outbox sender failed; retrying in a second");
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                continue;
            }

            if (sent < BatchSize)
            {
                await signal.WaitAsync(await SleepAsync(stoppingToken), stoppingToken);
            }
        }
    }

    private async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        if (!link.IsConnected)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var first = signal.TakeCommitted().Where(message => message.NextAttemptAt > now).ToList();
        var resendsDueBy = ResendsDueBy(now);
        var (toSend, spent) = await transactions.RunAsync("Claiming due outbox messages", async session =>
        {
            var claimed = await session.Outbox.ClaimDueAsync(now, resendsDueBy, BatchSize, cancellationToken);
            var due = claimed.Where(message => message.Attempts < message.MaxAttempts).ToList();
            await session.Outbox.MarkAttemptedAsync(due.Select(message => message.Id).ToList(), now, cancellationToken);
            return (due, claimed.Where(message => message.Attempts >= message.MaxAttempts).ToList());
        }, cancellationToken);

        foreach (var message in spent.OrderBy(message => message.DeviceId))
        {
            await transactions.RunAsync($"Abandoning message {message.MessageId} to {message.DeviceId:x16}", session => AbandonAsync(session, message.Id, cancellationToken), cancellationToken);
        }

        await Task.WhenAll(first.Concat(toSend).Select(message => link.SendAsync(message.DeviceId, message.Frame, cancellationToken)));
        return first.Count + toSend.Count + spent.Count;
    }

    /// <summary>The device first, then the message read again under it: an ack that settled it meanwhile wins.</summary>
    private async Task AbandonAsync(IStoreSession session, long outboxId, CancellationToken cancellationToken)
    {
        if (await session.Outbox.GetAsync(outboxId, cancellationToken) is not { } claimed)
        {
            return;
        }

        await session.Devices.GetAsync(claimed.DeviceId, forUpdate: true, cancellationToken);
        if (await session.Outbox.GetAsync(outboxId, cancellationToken) is not { State: OutboxState.Pending } message || message.Attempts < message.MaxAttempts)
        {
            return;
        }

        var abandoned = message with { State = OutboxState.Abandoned };
        await session.Outbox.UpdateAsync(abandoned, cancellationToken);
        foreach (var handler in abandonedHandlers)
        {
            await handler.OnAbandonedAsync(session, abandoned, cancellationToken);
        }
    }

    /// <summary>Resends due by then may go: every up frame received before then is applied, so their acks are not among those still queued.</summary>
    private DateTimeOffset ResendsDueBy(DateTimeOffset now) => uplinks.OldestUnapplied is { } oldest && oldest < now ? oldest : now;

    /// <summary>
    /// Until the next message the sender may claim falls due, at most <see cref="IdleRecheck"/>. A
    /// held resend does not count: the uplink processor wakes the sender (<see cref="OutboxSignal"/>)
    /// after every batch it applies.
    /// </summary>
    private async Task<TimeSpan> SleepAsync(CancellationToken cancellationToken)
    {
        await using var session = await store.BeginReadAsync(cancellationToken);
        var now = time.GetUtcNow();
        var next = await session.Outbox.NextDueAsync(now, ResendsDueBy(now), cancellationToken);
        var wait = next is null ? IdleRecheck : next.Value - now;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > IdleRecheck ? IdleRecheck : wait;
    }
}
