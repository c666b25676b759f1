using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Client;

/// <summary>Keeps one connection alive and notices when the broker is gone (§3.1.2.10): sends PINGREQ before
/// outbound silence reaches the keep-alive period or once inbound silence has, and declares the broker dead
/// when nothing at all arrives within the ping timeout after that.</summary>
/// <remarks>Pinging on inbound silence too (the spec only requires it on outbound silence) lets a client that
/// only publishes QoS 0 still find out that nobody is listening. While the read loop is paused by a full
/// application queue, nothing can be read, so the dead-broker clock is stopped.</remarks>
internal sealed class KeepAliveMonitor(TimeSpan keepAlivePeriod, TimeSpan pingResponseTimeout)
{
    private const long MinimumDelayMs = 10;

    private long _lastSent = Environment.TickCount64;
    private long _lastReceived = Environment.TickCount64;
    private long _pingSentAt;
    // A PINGREQ queued but not yet flushed has not moved _lastSent; the timer must not ping again meanwhile.
    private long _pingQueuedAt;
    private long _readerResumedAt;
    private int _readerPaused;

    public void OnSent() => Volatile.Write(ref _lastSent, Environment.TickCount64);

    public void OnReceived() => Volatile.Write(ref _lastReceived, Environment.TickCount64);

    public void OnReaderPaused() => Volatile.Write(ref _readerPaused, 1);

    public void OnReaderResumed()
    {
        Volatile.Write(ref _readerResumedAt, Environment.TickCount64);
        Volatile.Write(ref _readerPaused, 0);
    }

    /// <summary>Runs until cancelled or until the broker is declared dead, which it reports by returning the reason.</summary>
    /// <remarks>The timer sleeps until the earliest moment a ping or the dead-broker verdict could be due, and
    /// checks again then: traffic only moves those moments later, so it is never late, and a busy connection
    /// wakes about once per keep-alive period instead of every few seconds (thousands of connections in one
    /// process each had a timer firing four times per ping timeout).</remarks>
    public async Task<Exception?> RunAsync(Func<MqttPacket, bool> send, CancellationToken cancellationToken)
    {
        if (keepAlivePeriod <= TimeSpan.Zero)
        {
            return null;
        }

        var keepAliveMs = (long)keepAlivePeriod.TotalMilliseconds;
        var timeoutMs = (long)pingResponseTimeout.TotalMilliseconds;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Delay(Environment.TickCount64, keepAliveMs, timeoutMs)));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = Environment.TickCount64;
                var lastReceived = Volatile.Read(ref _lastReceived);
                if (_pingSentAt != 0 && lastReceived >= _pingSentAt)
                {
                    _pingSentAt = 0;
                }

                if (_pingSentAt != 0 && Volatile.Read(ref _readerPaused) == 0
                    && now - Math.Max(_pingSentAt, Volatile.Read(ref _readerResumedAt)) > timeoutMs)
                {
                    return new TimeoutException(
                        $"No answer from the broker within {pingResponseTimeout.TotalSeconds:0.###} s of PINGREQ; the connection is presumed dead.");
                }

                // The client must not stay silent longer than the keep-alive period (§3.1.2.10): pinging at 3/4
                // of it leaves the broker's extra half period for a slow thread pool. Outbound silence is pinged
                // even while an earlier PINGREQ is unanswered (e.g. the reader is paused and cannot see the PINGRESP).
                var sendQuiet = now - LastSent() >= keepAliveMs * 3 / 4;
                var receiveQuiet = _pingSentAt == 0 && now - lastReceived >= keepAliveMs;
                if ((sendQuiet || receiveQuiet) && send(MqttPingReqPacket.Instance))
                {
                    _pingQueuedAt = now;
                    if (_pingSentAt == 0)
                    {
                        _pingSentAt = now;
                    }
                }

                timer.Period = TimeSpan.FromMilliseconds(Delay(now, keepAliveMs, timeoutMs));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return null;
    }

    private long LastSent() => Math.Max(Volatile.Read(ref _lastSent), _pingQueuedAt);

    /// <summary>Milliseconds from <paramref name="now"/> until the first check in <see cref="RunAsync"/> that could act.</summary>
    private long Delay(long now, long keepAliveMs, long timeoutMs)
    {
        var due = LastSent() + keepAliveMs * 3 / 4;
        if (_pingSentAt == 0)
        {
            due = Math.Min(due, Volatile.Read(ref _lastReceived) + keepAliveMs);
        }
        else
        {
            // Paused, the dead-broker clock restarts when the reader resumes, so no verdict falls before now + timeout.
            var from = Volatile.Read(ref _readerPaused) == 0 ? Math.Max(_pingSentAt, Volatile.Read(ref _readerResumedAt)) : now;
            due = Math.Min(due, from + timeoutMs + 1);
        }

        // A PINGREQ that could not be queued (the connection is closing) is retried after a short pause, not at once.
        return Math.Max(MinimumDelayMs, due - now);
    }
}
