using System.Collections.Concurrent;
using System.IO.Pipelines;
using ShareKey.Mqtt.Formatter;
using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Broker;

/// <summary>
/// One connection's outbound side: a queue any thread may add to without waiting, drained by one drainer at a
/// time that encodes everything queued straight into the socket's pipe and flushes once per batch. A read loop
/// drains, at the end of its read batch and on its own thread, both its own connection's packets (PUBACK,
/// SUBACK, the next message of its window) and those it routed to other connections — no thread hop between a
/// PUBLISH arriving and its copies leaving. A flush that cannot complete at once (a subscriber not reading)
/// continues in the background: a read loop only ever waits on its own socket. Other senders (in-process
/// publish, wills, timers) schedule a drain on the thread pool. Queue length is bounded by the callers: QoS 0 is
/// dropped when it is full (<see cref="TrySend"/>), QoS 1/2 by the session's in-flight window, and the read loop
/// waits (<see cref="WaitForRoomAsync"/>) before producing more.
/// </summary>
internal sealed class MqttConnectionWriter
{
    // Large batches are flushed part-way so one connection's buffer stays small.
    private const int FlushThreshold = 64 * 1024;

    // Set while a read loop handles packets synchronously; its own sends then wait for DrainInlineAsync.
    [ThreadStatic]
    private static MqttConnectionWriter? t_inline;

    // Other connections' writers whose drain flag that read loop took; drained by DrainDeferred on the same thread.
    [ThreadStatic]
    private static List<MqttConnectionWriter>? t_deferred;

    private readonly ConcurrentQueue<MqttPacket> _queue = new();
    private readonly PipeWriter _output;
    private readonly MqttPacketEncoder _encoder;
    private readonly MqttBrokerMetrics _metrics;
    private readonly int _limit;
    private readonly CancellationToken _closing;
    private readonly Action<Exception> _failed;
    private int _queued;
    private int _draining;
    private TaskCompletionSource _flushed = NewSignal();

    public MqttConnectionWriter(PipeWriter output, MqttPacketEncoder encoder, MqttBrokerMetrics metrics, int limit,
        CancellationToken closing, Action<Exception> failed)
    {
        _output = output;
        _encoder = encoder;
        _metrics = metrics;
        _limit = limit;
        _closing = closing;
        _failed = failed;
    }

    public int Queued => Volatile.Read(ref _queued);

    public void Send(MqttPacket packet)
    {
        Interlocked.Increment(ref _queued);
        _queue.Enqueue(packet);
        var inline = t_inline;
        // The own read loop drains later; and a drainer already at work sees the packet before it lets go.
        if (inline == this || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
        {
            return;
        }
        if (inline is not null)
        {
            (t_deferred ??= []).Add(this);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(static writer => _ = writer.DrainScheduledAsync(), this, preferLocal: false);
        }
    }

    /// <summary>
    /// Drains, on the calling read loop's thread, the other connections' writers it sent to since the last call.
    /// Must run on the thread that sent, before that read loop awaits anything.
    /// </summary>
    public static void DrainDeferred()
    {
        if (t_deferred is not { Count: > 0 } deferred)
        {
            return;
        }
        t_deferred = null;
        foreach (var writer in deferred)
        {
            // Runs synchronously up to a flush that has to wait; that part then finishes in the background.
            _ = writer.DrainScheduledAsync();
        }
        deferred.Clear();
        t_deferred = deferred;
    }

    /// <summary>Sends unless the queue is full; for messages the spec lets us drop (QoS 0).</summary>
    public bool TrySend(MqttPacket packet)
    {
        if (Queued >= _limit)
        {
            return false;
        }
        Send(packet);
        return true;
    }

    /// <summary>Marks the calling thread as this connection's read loop until the returned scope is disposed.</summary>
    public InlineScope BeginInline() => new(this);

    /// <summary>The read loop drains what it queued, unless another drainer is at work (which then picks it up).</summary>
    public ValueTask DrainInlineAsync() =>
        Interlocked.CompareExchange(ref _draining, 1, 0) == 0 ? new ValueTask(DrainAsync()) : ValueTask.CompletedTask;

    /// <summary>Waits until the queue is below its limit; the reader calls this so a client that does not read
    /// cannot make us queue unbounded acknowledgements.</summary>
    public async ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Take the signal before checking, so a flush between the two cannot be missed.
            var flushed = Volatile.Read(ref _flushed).Task;
            if (Queued < _limit)
            {
                return;
            }
            await flushed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes what is still queued (a refusing CONNACK above all), giving up after <paramref name="timeout"/>.</summary>
    public async Task DrainForCloseAsync(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while ((!_queue.IsEmpty || Volatile.Read(ref _draining) == 1) && Environment.TickCount64 < deadline)
        {
            if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
            {
                await DrainAsync().ConfigureAwait(false);
            }
            else
            {
                // Another drainer owns the pipe; give it a moment rather than a signal, as this happens once per close.
                await Task.Delay(5).ConfigureAwait(false);
            }
        }
    }

    private async Task DrainScheduledAsync()
    {
        try
        {
            await DrainAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _failed(e);
        }
    }

    /// <summary>Called holding the drain flag; releases it when the queue is empty, or on failure.</summary>
    private async Task DrainAsync()
    {
        try
        {
            while (true)
            {
                var written = false;
                var publishes = 0;
                while (_queue.TryDequeue(out var packet))
                {
                    _encoder.Encode(packet, _output);
                    Interlocked.Decrement(ref _queued);
                    written = true;
                    if (packet.Type == MqttPacketType.Publish)
                    {
                        publishes++;
                    }
                    if (_output.UnflushedBytes >= FlushThreshold)
                    {
                        await FlushAsync().ConfigureAwait(false);
                    }
                }
                if (written)
                {
                    Interlocked.Add(ref _metrics.MessagesOut, publishes);
                    await FlushAsync().ConfigureAwait(false);
                }
                Volatile.Write(ref _draining, 0);
                // A sender that found the flag taken left its packet to us; look once more after letting go.
                if (_queue.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
                {
                    return;
                }
            }
        }
        catch
        {
            Volatile.Write(ref _draining, 0);
            throw;
        }
    }

    private async ValueTask FlushAsync()
    {
        await _output.FlushAsync(_closing).ConfigureAwait(false);
        Interlocked.Exchange(ref _flushed, NewSignal()).TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>While alive, sends from this thread are left for <see cref="DrainInlineAsync"/>.</summary>
    public readonly struct InlineScope : IDisposable
    {
        private readonly MqttConnectionWriter? _previous;

        public InlineScope(MqttConnectionWriter writer)
        {
            _previous = t_inline;
            t_inline = writer;
        }

        public void Dispose() => t_inline = _previous;
    }
}
