using System.Text;
using System.Threading.Channels;
using ShareKey.Mqtt.Client;

namespace ShareKey.Mqtt.Tests.Client;

/// <summary>Collects what a client receives so a test can wait for the next message.</summary>
internal sealed class MessageInbox
{
    private readonly Channel<MqttReceivedMessage> _messages = Channel.CreateUnbounded<MqttReceivedMessage>();

    public MessageInbox(MqttClient client) =>
        client.MessageReceivedAsync = message =>
        {
            _messages.Writer.TryWrite(message);
            return ValueTask.CompletedTask;
        };

    public async Task<MqttReceivedMessage> NextAsync() =>
        await _messages.Reader.ReadAsync().AsTask().WaitAsync(Signals.Timeout);

    public async Task<string> NextTextAsync() => Encoding.UTF8.GetString((await NextAsync()).Payload.Span);

    /// <summary>Receives until a message with <paramref name="markerText"/> arrives and returns what came before it.
    /// A marker published after some other message on the same connection proves that message was not delivered.</summary>
    public async Task<List<string>> TextsBeforeMarkerAsync(string markerText)
    {
        var before = new List<string>();
        while (await NextTextAsync() is var text && text != markerText)
        {
            before.Add(text);
        }

        return before;
    }
}
