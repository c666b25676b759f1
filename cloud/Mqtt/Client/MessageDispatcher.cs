using System.Threading.Channels;

namespace ShareKey.Mqtt.Client;

/// <summary>Hands received messages to the application handler on its own task, through a bounded queue,
/// so a slow handler delays neither acknowledgements nor keep-alive. Lives as long as the client, across
/// reconnects. With capacity 0 there is no queue and no task: the caller (the read loop) runs the handler.</summary>
/// <remarks>Back-pressure: when the queue is full, <see cref="EnqueueAsync"/> waits, which stops the read
/// loop, which stops reading the socket, so TCP flow control slows the broker down. While the read loop
/// waits, keep-alive PINGREQs still go out and the dead-broker check is suspended (the broker just proved
/// it is alive by sending what filled the queue).</remarks>
internal sealed class MessageDispatcher
{
    private readonly Channel<MqttReceivedMessage>? _queue;
    private readonly Func<Func<MqttReceivedMessage, ValueTask>?> _handler;
    private readonly IMqttClientLogger _logger;
    private readonly Task _consumer;

    public MessageDispatcher(int capacity, Func<Func<MqttReceivedMessage, ValueTask>?> handler, IMqttClientLogger logger)
    {
        _handler = handler;
        _logger = logger;
        if (capacity == 0)
        {
            _consumer = Task.CompletedTask;
            return;
        }

        _queue = Channel.CreateBounded<MqttReceivedMessage>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _consumer = Task.Run(ConsumeAsync);
    }

    /// <summary>Synchronous while there is room; otherwise waits for the handler to catch up. Without a queue,
    /// runs the handler: synchronous if the handler is.</summary>
    public ValueTask EnqueueAsync(MqttReceivedMessage message, CancellationToken cancellationToken)
    {
        if (_queue is null)
        {
            return HandleAsync(message);
        }

        return _queue.Writer.TryWrite(message) ? ValueTask.CompletedTask : _queue.Writer.WriteAsync(message, cancellationToken);
    }

    /// <summary>Lets the handler finish what is queued, then stops.</summary>
    public Task CompleteAsync()
    {
        _queue?.Writer.TryComplete();
        return _consumer;
    }

    private async Task ConsumeAsync()
    {
        await foreach (var message in _queue!.Reader.ReadAllAsync())
        {
            await HandleAsync(message);
        }
    }

    private ValueTask HandleAsync(MqttReceivedMessage message)
    {
        if (_handler() is not { } handler)
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            var handling = handler(message);
            return handling.IsCompletedSuccessfully ? ValueTask.CompletedTask : AwaitHandlerAsync(handling, message);
        }
        catch (Exception e)
        {
            LogFailure(message, e);
            return ValueTask.CompletedTask;
        }
    }

    private async ValueTask AwaitHandlerAsync(ValueTask handling, MqttReceivedMessage message)
    {
        try
        {
            await handling;
        }
        catch (Exception e)
        {
            LogFailure(message, e);
        }
    }

    // The message was already acknowledged to the broker, or will be whatever the handler does; the application owns this failure.
    private void LogFailure(MqttReceivedMessage message, Exception e) =>
        _logger.Log(MqttClientLogLevel.Error, $"The message handler threw for {message}.", e);
}
