using System.IO.Pipelines;
using System.Threading.Channels;
using ShareKey.Mqtt.Formatter;
using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Client;

/// <summary>One network connection: a pipe-based packet reader, a writer loop that batches whatever is queued
/// into one flush, and the keep-alive monitor. Knows nothing about sessions; <see cref="MqttClient"/> drives it
/// and replaces it on reconnect.</summary>
internal sealed class MqttClientConnection : IAsyncDisposable
{
    private const int Qos0QueueLimit = 4096;

    // A long queue (a resend of thousands of flights) is flushed in chunks rather than buffered whole.
    private const int FlushThreshold = 64 * 1024;

    private readonly Stream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly MqttPacketEncoder _encoder;
    private readonly MqttPacketDecoder _decoder;
    private readonly Channel<MqttPacket> _outbound = Channel.CreateUnbounded<MqttPacket>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = false });

    // QoS 1/2 publishes are bounded by the in-flight window; this bounds QoS 0 ones queued behind a slow socket.
    private readonly SemaphoreSlim _qos0Room = new(Qos0QueueLimit, Qos0QueueLimit);
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _writer;
    private Exception? _abortReason;
    private int _closed;

    public MqttClientConnection(Stream stream, MqttPacketEncoder encoder, MqttPacketDecoder decoder, KeepAliveMonitor keepAlive)
    {
        _stream = stream;
        _encoder = encoder;
        _decoder = decoder;
        KeepAlive = keepAlive;
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        _output = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        _writer = Task.Run(WriteLoopAsync);
    }

    public KeepAliveMonitor KeepAlive { get; }

    /// <summary>Cancelled once the connection is closing, for whatever reason.</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>Why the connection was aborted from our side (keep-alive timeout, write failure), if it was.</summary>
    public Exception? AbortReason => Volatile.Read(ref _abortReason);

    /// <summary>Queues a packet; false once the connection is closing (the caller keeps it for the next one).</summary>
    public bool TrySend(MqttPacket packet) => _outbound.Writer.TryWrite(packet);

    /// <summary>Queues a QoS 0 publish, waiting while too many are queued already.</summary>
    public ValueTask SendQos0Async(MqttPublishPacket packet, CancellationToken cancellationToken)
    {
        if (!_qos0Room.Wait(0))
        {
            return WaitForRoomThenSendAsync(packet, cancellationToken);
        }

        SendQos0(packet);
        return ValueTask.CompletedTask;
    }

    /// <summary>The next packet from the broker, or null when the broker closed the connection.</summary>
    public async ValueTask<MqttPacket?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (_decoder.TryDecode(buffer, out var packet, out var consumed))
            {
                _input.AdvanceTo(consumed);
                KeepAlive.OnReceived();
                return packet;
            }

            if (result.IsCompleted)
            {
                _input.AdvanceTo(buffer.End);
                if (!buffer.IsEmpty)
                {
                    throw new MqttProtocolException(MqttProtocolError.MalformedPacket, "MQTT-2.2.3",
                        "the broker closed the connection in the middle of a packet");
                }

                return null;
            }

            _input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Closes the connection without a goodbye; <paramref name="reason"/> becomes <see cref="AbortReason"/>.</summary>
    public void Abort(Exception reason)
    {
        Interlocked.CompareExchange(ref _abortReason, reason, null);
        Close();
    }

    /// <summary>Sends what is queued (e.g. DISCONNECT), then closes.</summary>
    public async Task CloseGracefullyAsync(TimeSpan timeout)
    {
        _outbound.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // The broker is not reading; closing the socket below is all that is left.
        }

        Close();
    }

    // _closing and _qos0Room are deliberately not disposed: a publisher may still hold this connection
    // for a moment after it closed, and must get "not connected", not ObjectDisposedException. Neither
    // owns an unmanaged resource while no wait handle or timer was asked of it.
    public async ValueTask DisposeAsync()
    {
        Abort(new ObjectDisposedException(nameof(MqttClientConnection)));
        await _writer;
        await _input.CompleteAsync();
        // With an exception the pipe drops what is unflushed instead of writing it to the closed stream.
        await _output.CompleteAsync(AbortReason);
    }

    private async ValueTask WaitForRoomThenSendAsync(MqttPublishPacket packet, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closing.Token);
        try
        {
            await _qos0Room.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MqttClientNotConnectedException("The connection closed before the QoS 0 message could be queued.", e);
        }

        SendQos0(packet);
    }

    private void SendQos0(MqttPublishPacket packet)
    {
        if (!TrySend(packet))
        {
            _qos0Room.Release();
            throw new MqttClientNotConnectedException("The connection closed before the QoS 0 message could be queued.");
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _outbound.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_closing.Token))
            {
                // Everything already queued goes out in one flush: one syscall for a burst of publishes and acks.
                var unflushed = 0;
                while (unflushed < FlushThreshold && reader.TryRead(out var packet))
                {
                    unflushed += _encoder.Encode(packet, _output);
                    if (packet is MqttPublishPacket { QualityOfService: MqttQualityOfService.AtMostOnce })
                    {
                        _qos0Room.Release();
                    }
                }

                var flush = await _output.FlushAsync(_closing.Token);
                KeepAlive.OnSent();
                if (flush.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // A broken socket, or (a bug) a packet the encoder refused: either way this connection is done.
            Abort(e);
        }
    }

    private void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1)
        {
            return;
        }

        _outbound.Writer.TryComplete();
        _closing.Cancel();
        _stream.Dispose();
    }
}
