using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Broker;

/// <summary>
/// One client connection: reads and decodes packets, hands each to <see cref="MqttPacketHandler"/>, and on the way
/// out publishes the will when the end was abnormal and releases the session. Anything malformed or hostile ends
/// this connection only; its buffers are bounded by the maximum packet size and its writer's queue.
/// </summary>
internal sealed class MqttConnection
{
    private static long s_lastId;

    private readonly MqttBrokerCore _core;
    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly PipeReader _input;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly MqttAddressSlot _unauthenticatedSlot;
    private long _lastReceived;
    // The _lastReceived value a first over-the-limit check saw (0 = none); only the idle monitor touches it.
    private long _silenceSuspectedSince;
    private int _closeReason;

    /// <param name="acceptedAt">When the socket was accepted: the connect deadline runs from there.</param>
    public MqttConnection(MqttBrokerCore core, Socket socket, Stream stream, EndPoint? remoteEndPoint, bool isTls,
        MqttAddressSlot unauthenticatedSlot, long acceptedAt)
    {
        _core = core;
        _unauthenticatedSlot = unauthenticatedSlot;
        _lastReceived = acceptedAt;
        _socket = socket;
        _stream = stream;
        RemoteEndPoint = remoteEndPoint;
        IsTls = isTls;
        Id = Interlocked.Increment(ref s_lastId);
        // Zero-byte reads: an idle connection holds no receive buffer while it waits (thousands of quiet devices),
        // at the price of one extra receive call per read. 64 KiB buffers keep large packets in one segment.
        _input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true, useZeroByteReads: true));
        Writer = new MqttConnectionWriter(
            PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024, leaveOpen: true)),
            core.Encoder, core.Metrics, core.Options.MaxOutboundPacketsPerConnection, _closing.Token, OnWriteFailed);
        Handler = new MqttPacketHandler(core, this);
    }

    public long Id { get; }
    public EndPoint? RemoteEndPoint { get; }
    public bool IsTls { get; }
    public MqttConnectionWriter Writer { get; }
    public MqttPacketHandler Handler { get; }
    public CancellationToken Closing => _closing.Token;

    /// <summary>Completes when the connection is fully closed.</summary>
    public Task Completion => _completion.Task;

    /// <summary>0 = no keep-alive; set at CONNECT to 1.5 × the client's keep-alive [MQTT-3.1.2-24].</summary>
    public long IdleLimitMilliseconds { get; set; }

    public string Name => Handler.Identity?.ClientId is { } clientId ? $"client {clientId}" : $"connection #{Id} ({RemoteEndPoint})";

    public MqttCloseReason CloseReason => (MqttCloseReason)Volatile.Read(ref _closeReason);

    /// <summary>Ends the connection from outside its read loop (takeover, keep-alive, shutdown). First reason wins.</summary>
    public void Close(MqttCloseReason reason)
    {
        SetCloseReason(reason);
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    /// <summary>CONNECT was accepted: this socket no longer counts against its address's unauthenticated limit.</summary>
    public void Authenticated() => _unauthenticatedSlot.Release();

    public bool SetCloseReason(MqttCloseReason reason) =>
        Interlocked.CompareExchange(ref _closeReason, (int)reason, (int)MqttCloseReason.None) == (int)MqttCloseReason.None;

    /// <summary>
    /// Closes if nothing arrived in time: CONNECT within the connect timeout, then any packet within 1.5 ×
    /// keep-alive. A deadline is only acted on when a second check, made while the process was keeping up
    /// (<paramref name="timely"/>), still sees the same silence: after a GC pause or a starved thread pool, reads
    /// that already arrived get the chance to be processed before a client is blamed for our own delay. A
    /// silent client is therefore closed between 1.5 × keep-alive and that plus two check intervals.
    /// </summary>
    public void CheckIdle(long now, bool timely)
    {
        var connected = Handler.Identity is not null;
        var limit = connected ? IdleLimitMilliseconds : (long)_core.Options.ConnectTimeout.TotalMilliseconds;
        var lastReceived = Volatile.Read(ref _lastReceived);
        var silent = now - lastReceived;
        if (limit <= 0 || silent <= limit || CloseReason != MqttCloseReason.None || UnreadBytesWaiting())
        {
            _silenceSuspectedSince = 0;
            return;
        }
        if (_silenceSuspectedSince != lastReceived || !timely)
        {
            _silenceSuspectedSince = lastReceived;
            return;
        }
        _core.Logger.Log(MqttBrokerLogLevel.Warning, connected
            ? $"{Name}: nothing received for {silent} ms, over 1.5 × its keep-alive ({limit} ms); closing"
            : $"{Name}: no CONNECT within {limit} ms; closing");
        Close(connected ? MqttCloseReason.KeepAliveTimeout : MqttCloseReason.ConnectTimeout);
    }

    // Bytes the client sent that our read loop has not reached yet (a busy machine can delay it) mean the client
    // is not silent; closing it would punish it for our own lateness.
    private bool UnreadBytesWaiting()
    {
        try
        {
            return _socket.Available > 0;
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            return false;
        }
    }

    public async Task RunAsync()
    {
        try
        {
            await ReadLoopAsync().ConfigureAwait(false);
        }
        catch (MqttProtocolException e)
        {
            Interlocked.Increment(ref _core.Metrics.ProtocolErrors);
            _core.Logger.Log(MqttBrokerLogLevel.Warning, $"{Name}: {e.Message}; closing the connection");
            if (e.Reason == MqttProtocolError.UnsupportedProtocolLevel && Handler.Identity is null)
            {
                // [MQTT-3.1.2-2]: answer CONNACK 0x01, then disconnect.
                Handler.Refuse(MqttConnectReturnCode.UnacceptableProtocolVersion);
            }
            SetCloseReason(MqttCloseReason.ProtocolError);
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            // Closed from outside; the reason is already set.
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            SetCloseReason(MqttCloseReason.ConnectionLost);
            _core.Logger.Log(MqttBrokerLogLevel.Debug, $"{Name}: connection lost: {e.Message}");
        }
        catch (Exception e)
        {
            SetCloseReason(MqttCloseReason.InternalError);
            _core.Logger.Log(MqttBrokerLogLevel.Error, $"{Name}: unexpected failure; closing the connection", e);
        }
        finally
        {
            await FinishAsync().ConfigureAwait(false);
        }
    }

    private async Task ReadLoopAsync()
    {
        var decoder = _core.Decoder;
        while (true)
        {
            var result = await _input.ReadAsync(_closing.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            var open = true;
            // Marks this thread as the read loop for the batch; ended before any await, which may resume elsewhere.
            var inline = Writer.BeginInline();
            try
            {
                while (open && decoder.TryDecode(buffer, out var packet, out var consumed))
                {
                    buffer = buffer.Slice(consumed);
                    Volatile.Write(ref _lastReceived, Environment.TickCount64);
                    var handling = Handler.HandleAsync(packet);
                    if (handling.IsCompletedSuccessfully)
                    {
                        open = handling.Result;
                        continue;
                    }
                    inline.Dispose();
                    MqttConnectionWriter.DrainDeferred();
                    open = await handling.ConfigureAwait(false);
                    inline = Writer.BeginInline();
                }
            }
            finally
            {
                inline.Dispose();
                MqttConnectionWriter.DrainDeferred();
                _input.AdvanceTo(buffer.Start, buffer.End);
            }
            if (!open)
            {
                return;
            }
            await Writer.DrainInlineAsync().ConfigureAwait(false);
            if (result.IsCompleted)
            {
                SetCloseReason(MqttCloseReason.ConnectionLost);
                return;
            }
            await Writer.WaitForRoomAsync(_closing.Token).ConfigureAwait(false);
        }
    }

    private void OnWriteFailed(Exception e)
    {
        if (e is not (IOException or ObjectDisposedException or OperationCanceledException))
        {
            _core.Logger.Log(MqttBrokerLogLevel.Error, $"{Name}: writing failed", e);
        }
        Close(MqttCloseReason.ConnectionLost);
    }

    private async Task FinishAsync()
    {
        try
        {
            Handler.OnClosed(CloseReason);
        }
        catch (Exception e)
        {
            // An authoriser that throws on the will must not keep this connection from being cleaned up.
            _core.Logger.Log(MqttBrokerLogLevel.Error, $"{Name}: failed while closing", e);
        }
        // Let queued packets (a refusing CONNACK above all) reach the socket, but never wait long on a slow peer.
        try
        {
            await Writer.DrainForCloseAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer is gone.
        }
        _closing.Cancel();
        await _input.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _closing.Dispose();
        _core.Connections.TryRemove(Id, out _);
        _unauthenticatedSlot.Release();
        Interlocked.Decrement(ref _core.Metrics.ConnectionsCurrent);
        _core.Logger.Log(MqttBrokerLogLevel.Debug, $"{Name}: closed ({CloseReason})");
        _completion.TrySetResult();
    }
}
