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
    private long _lastSent = Environment.TickCount64;
    private long _lastReceived = Environment.TickCount64;
    private long _pingSentAt;
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
    public async Task<Exception?> RunAsync(Func<MqttPacket, bool> send, CancellationToken cancellationToken)
    {
        if (keepAlivePeriod <= TimeSpan.Zero)
        {
            return null;
        }

        var keepAliveMs = (long)keepAlivePeriod.TotalMilliseconds;
        var timeoutMs = (long)pingResponseTimeout.TotalMilliseconds;
        var tick = TimeSpan.FromMilliseconds(Math.Max(10, Math.Min(keepAliveMs, timeoutMs) / 4));
        using var timer = new PeriodicTimer(tick);
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
                // of it, checked every 1/4, keeps the gap within the period and leaves the broker's extra half
                // period for a slow thread pool. Outbound silence is pinged even while an earlier PINGREQ is
                // unanswered (e.g. the reader is paused and cannot see the PINGRESP).
                var sendQuiet = now - Volatile.Read(ref _lastSent) >= keepAliveMs * 3 / 4;
                var receiveQuiet = _pingSentAt == 0 && now - lastReceived >= keepAliveMs;
                if ((sendQuiet || receiveQuiet) && send(MqttPingReqPacket.Instance) && _pingSentAt == 0)
                {
                    _pingSentAt = now;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return null;
    }
}
