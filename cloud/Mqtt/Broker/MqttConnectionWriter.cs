using System.IO.Pipelines;
using System.Threading.Channels;
using ShareKey.Mqtt.Formatter;
using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Broker;

/// <summary>
/// One connection's outbound side: a queue any thread may add to without waiting, drained by one loop that encodes
/// everything queued straight into the socket's pipe and flushes once per batch, so a busy connection pays one
/// system call for many packets. Queue length is bounded by the callers: QoS 0 is dropped when it is full
/// (<see cref="TrySend"/>), QoS 1/2 is bounded by the session's in-flight window, and the connection's own reader
/// waits (<see cref="WaitForRoomAsync"/>) before producing more acknowledgements.
/// </summary>
internal sealed class MqttConnectionWriter
{
    // Large batches are flushed part-way so one connection's buffer stays small.
    private const int FlushThreshold = 64 * 1024;

    private readonly Channel<MqttPacket> _queue =
        Channel.CreateUnbounded<MqttPacket>(new UnboundedChannelOptions { SingleReader = true });
    private readonly PipeWriter _output;
    private readonly MqttPacketEncoder _encoder;
    private readonly MqttBrokerMetrics _metrics;
    private readonly int _limit;
    private int _queued;
    private TaskCompletionSource _flushed = NewSignal();

    public MqttConnectionWriter(PipeWriter output, MqttPacketEncoder encoder, MqttBrokerMetrics metrics, int limit)
    {
        _output = output;
        _encoder = encoder;
        _metrics = metrics;
        _limit = limit;
    }

    public int Queued => Volatile.Read(ref _queued);

    public void Send(MqttPacket packet)
    {
        Interlocked.Increment(ref _queued);
        if (!_queue.Writer.TryWrite(packet))
        {
            Interlocked.Decrement(ref _queued);
        }
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

    /// <summary>Waits until the queue is below its limit; the reader calls this so a client that does not read
    /// cannot make us queue unbounded acknowledgements.</summary>
    public async ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            // A writer that stopped completes its signal for good; the connection is closing then.
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

    /// <summary>No more packets; <see cref="RunAsync"/> ends once the queue is written.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var publishes = 0;
                while (reader.TryRead(out var packet))
                {
                    _encoder.Encode(packet, _output);
                    Interlocked.Decrement(ref _queued);
                    if (packet.Type == MqttPacketType.Publish)
                    {
                        publishes++;
                    }
                    if (_output.UnflushedBytes >= FlushThreshold)
                    {
                        await FlushAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
                Interlocked.Add(ref _metrics.MessagesOut, publishes);
                if (await FlushAsync(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        finally
        {
            Volatile.Read(ref _flushed).TrySetResult();
        }
    }

    private async ValueTask<bool> FlushAsync(CancellationToken cancellationToken)
    {
        var result = await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref _flushed, NewSignal()).TrySetResult();
        return result.IsCompleted;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
