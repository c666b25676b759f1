using ShareKey.KeyService.Gateway;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Storage;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Outbox;

/// <summary>
/// Sends what is due in the outbox. Claiming is one session: each due message gets its attempt
/// counted and its next attempt pushed back by its ack timeout, or — attempts spent — is abandoned
/// (a Rotate's rotation then gives up, R0.4). Frames go out after that session commits, so a crash
/// between the two only means a resend one timeout later, never a lost or unlimited message.
/// With PostgreSQL, several instances claim disjoint rows (SKIP LOCKED).
/// </summary>
public sealed class OutboxSender(IKeyStore store, IDeviceLink link, RotationService rotations, OutboxSignal signal, TimeProvider time, ILogger<OutboxSender> logger) : BackgroundService
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
        var toSend = new List<OutboxMessage>();
        await using (var session = await store.BeginAsync(cancellationToken))
        {
            foreach (var message in await session.Outbox.ClaimDueAsync(now, BatchSize, cancellationToken))
            {
                if (message.Attempts >= message.MaxAttempts)
                {
                    await session.Outbox.UpdateAsync(message with { State = OutboxState.Abandoned }, cancellationToken);
                    if (message.Type == MessageType.Rotate)
                    {
                        await rotations.GiveUpAsync(session, message with { State = OutboxState.Abandoned }, cancellationToken);
                    }

                    continue;
                }

                toSend.Add(message);
            }

            await session.Outbox.MarkAttemptedAsync(toSend.Select(message => message.Id).ToList(), now, cancellationToken);
            await session.CommitAsync(cancellationToken);
        }

        await Task.WhenAll(toSend.Select(message => link.SendAsync(message.DeviceId, message.Frame, cancellationToken)));
        return toSend.Count;
    }

    private async Task<TimeSpan> SleepAsync(CancellationToken cancellationToken)
    {
        await using var session = await store.BeginAsync(cancellationToken);
        var next = await session.Outbox.NextDueAsync(cancellationToken);
        var wait = next is null ? IdleRecheck : next.Value - time.GetUtcNow();
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > IdleRecheck ? IdleRecheck : wait;
    }
}
