using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ShareKey.KeyService.Secrets;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Notifications;

/// <summary>
/// Delivers the webhook outbox. At most <see cref="WebhookOptions.Workers"/> requests are in flight,
/// at most one per endpoint, so a slow or dead receiver holds one worker and its own queue, never
/// anyone else's. Claiming a delivery (one short session) counts the attempt and moves its next try
/// past the timeout before the request goes out: a crash mid-request means a retry after the restart
/// (at-least-once; receivers drop event ids they have seen). After a failure the endpoint is paused
/// until the retry is due, so its backlog waits behind the head instead of each item timing out.
/// </summary>
public sealed class WebhookSender(
    IKeyStore store,
    TransactionRunner transactions,
    WebhookTransport transport,
    SecretSealer sealer,
    NotificationSignal signal,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<WebhookSender> logger) : BackgroundService
{
    /// <summary>Longest sleep without a signal or a finished request: covers deliveries written by another instance.</summary>
    public static readonly TimeSpan IdleRecheck = TimeSpan.FromMilliseconds(500);

    /// <summary>Added to the request timeout for a claim's lease: a crash is retried this long after the request would have timed out.</summary>
    public static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(5);

    private readonly Dictionary<ulong, Task> _inFlight = [];
    private readonly Random _jitter = new();

    private WebhookOptions Settings => options.Value.Webhooks;

    public static string SecretPurpose(ulong endpointId) => $"webhook/{endpointId:x16}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var started = 0;
                try
                {
                    started = await StartDueAsync(stoppingToken);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    logger.LogError(failure, "The webhook sender failed to claim deliveries; retrying in a second");
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
                }

                if (started == 0 || _inFlight.Count >= Settings.Workers)
                {
                    await WaitAsync(stoppingToken);
                }

                foreach (var done in _inFlight.Where(pair => pair.Value.IsCompleted).Select(pair => pair.Key).ToList())
                {
                    _inFlight.Remove(done);
                }
            }
        }
        finally
        {
            // Requests cancelled by the stop are retried after their lease, here or on another instance.
            await Task.WhenAll(_inFlight.Values).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    private async Task<int> StartDueAsync(CancellationToken cancellationToken)
    {
        var free = Settings.Workers - _inFlight.Count;
        if (free <= 0)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var busy = _inFlight.Keys.Select(id => unchecked((long)id)).ToList();
        var claimed = await transactions.RunAsync("Claiming webhook deliveries", async session =>
        {
            var batch = new List<(WebhookDelivery Delivery, WebhookEndpoint Endpoint, Notification Notification)>();
            foreach (var delivery in await session.Webhooks.DueAsync(now, busy, free, cancellationToken))
            {
                if (await session.Webhooks.ClaimAsync(delivery.Id, now, now + Settings.Timeout + LeaseMargin, cancellationToken)
                    && await session.Webhooks.GetEndpointAsync(delivery.EndpointId, forUpdate: false, cancellationToken) is { } endpoint
                    && await session.Notifications.GetAsync(delivery.NotificationId, cancellationToken) is { } notification)
                {
                    batch.Add((delivery with { Attempts = delivery.Attempts + 1, LastAttemptAt = now }, endpoint, notification));
                }
            }

            return batch;
        }, cancellationToken);

        foreach (var (delivery, endpoint, notification) in claimed)
        {
            _inFlight[endpoint.Id] = Task.Run(() => DeliverAsync(delivery, endpoint, notification, cancellationToken), CancellationToken.None);
        }

        return claimed.Count;
    }

    private async Task WaitAsync(CancellationToken cancellationToken)
    {
        var sleep = IdleRecheck;
        if (_inFlight.Count < Settings.Workers)
        {
            // A read session: this look comes every half second and must not queue behind (or hold up) SQLite's writer.
            await using var session = await store.BeginReadAsync(cancellationToken);
            if (await session.Webhooks.NextDueAsync(cancellationToken) is { } due)
            {
                var until = due - time.GetUtcNow();
                sleep = until < TimeSpan.Zero ? TimeSpan.Zero : until < sleep ? until : sleep;
            }
        }

        if (sleep > TimeSpan.Zero)
        {
            await Task.WhenAny([signal.WaitAsync(sleep, cancellationToken), .. _inFlight.Values]);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task DeliverAsync(WebhookDelivery delivery, WebhookEndpoint endpoint, Notification notification, CancellationToken stopping)
    {
        try
        {
            var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(NotificationDto.Of(notification), NotificationDto.WireJson));
            var secret = Encoding.UTF8.GetString(sealer.Open(endpoint.SecretSealed, SecretPurpose(endpoint.Id)));
            var attempt = await transport.PostAsync(new Uri(endpoint.Url), EventId(notification.Id), notification.Type.Wire(), secret, body, time.GetUtcNow(), stopping);
            await RecordAsync(delivery, endpoint, attempt, stopping);
            signal.Notify();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: the claim's lease runs out and the delivery is tried again.
        }
        catch (Exception failure)
        {
            logger.LogError(failure, "Delivery {Delivery} to webhook {Endpoint} failed unexpectedly; it is retried when its lease runs out", delivery.Id, $"{endpoint.Id:x16}");
        }
    }

    /// <summary>The stable id a receiver deduplicates on: the notification's.</summary>
    public static string EventId(long notificationId) => $"ntf_{notificationId}";

    /// <remarks>
    /// The endpoint row is locked before the delivery's is written, the order removing an endpoint takes
    /// them in; the other order deadlocked against a removal on PostgreSQL. A collision still runs it
    /// again. An endpoint removed while the request was out had this delivery cancelled: a failure
    /// leaves it so (the answer kept for its owner to see) rather than scheduling another attempt.
    /// </remarks>
    private async Task RecordAsync(WebhookDelivery delivery, WebhookEndpoint endpoint, WebhookAttempt attempt, CancellationToken cancellationToken)
    {
        var givenUp = await transactions.RunAsync($"Recording webhook delivery {delivery.Id}", async session =>
        {
            var now = time.GetUtcNow();
            if (await session.Webhooks.GetEndpointAsync(endpoint.Id, forUpdate: true, cancellationToken) is not { RemovedAt: null })
            {
                await session.Webhooks.UpdateDeliveryAsync(
                    attempt.Delivered
                        ? delivery with { State = DeliveryState.Delivered, DeliveredAt = now, NextAttemptAt = now, LastStatus = attempt.Status, LastError = null }
                        : delivery with { State = DeliveryState.Cancelled, NextAttemptAt = now, LastStatus = attempt.Status, LastError = attempt.Error },
                    cancellationToken);
                return false;
            }

            if (attempt.Delivered)
            {
                if (endpoint.PausedUntil > DateTimeOffset.UnixEpoch)
                {
                    await session.Webhooks.SetPausedUntilAsync(endpoint.Id, DateTimeOffset.UnixEpoch, cancellationToken);
                }

                await session.Webhooks.UpdateDeliveryAsync(delivery with { State = DeliveryState.Delivered, DeliveredAt = now, NextAttemptAt = now, LastStatus = attempt.Status, LastError = null }, cancellationToken);
                return false;
            }

            var next = now + RetrySchedule.DelayAfter(delivery.Attempts, Settings, _jitter);
            var dead = next > delivery.GiveUpAt;
            if (!dead)
            {
                await session.Webhooks.SetPausedUntilAsync(endpoint.Id, next, cancellationToken);
            }

            await session.Webhooks.UpdateDeliveryAsync(
                delivery with { State = dead ? DeliveryState.Dead : DeliveryState.Pending, NextAttemptAt = dead ? now : next, LastStatus = attempt.Status, LastError = attempt.Error },
                cancellationToken);
            if (dead)
            {
                // Those queued behind it whose time is up too go with it, rather than each waiting out a timeout.
                await session.Webhooks.ExpireAsync(endpoint.Id, now, cancellationToken);
            }

            return dead;
        }, cancellationToken);
        if (givenUp)
        {
            logger.LogWarning("Webhook {Endpoint}: delivery {Delivery} given up after {Attempts} attempts ({Error}); parked as a dead letter", $"{endpoint.Id:x16}", delivery.Id, delivery.Attempts, attempt.Error);
        }
    }
}
