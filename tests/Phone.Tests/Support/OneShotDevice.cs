using System.Net;
using System.Net.Sockets;
using ShareKey.BleBridge;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;

namespace ShareKey.Phone.Tests.Support;

/// <summary>
/// The far end of one bridge connection, scripted: it serves a real Challenge frame for the sample
/// device, then answers the phone's Command write with whatever <see cref="AnswerCommand"/> returns
/// (a Result body to notify, or null to hang up) — a device that dies, or someone in the middle.
/// </summary>
public sealed class OneShotDevice : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _serving;

    public OneShotDevice(Func<CommandMessage, byte[]?> answerCommand)
    {
        AnswerCommand = answerCommand;
        _listener.Start();
        _serving = ServeAsync();
    }

    public Func<CommandMessage, byte[]?> AnswerCommand { get; }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public static byte[] Nonce { get; } = Enumerable.Range(0xA0, 16).Select(b => (byte)b).ToArray();

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _serving;
    }

    private async Task ServeAsync()
    {
        using var client = await _listener.AcceptTcpClientAsync();
        var records = new RecordStream(client.GetStream());
        var encoder = new MessageEncoder(SampleKeys.Macs);
        while (await records.ReadAsync(CancellationToken.None) is { } record)
        {
            if (record.Type == RecordType.ReadChallenge)
            {
                var challenge = new ChallengeMessage { MessageId = 1, DeviceId = SampleKeys.DeviceId, Nonce = Nonce, DeviceTime = 1, ActiveEpoch = SampleKeys.Epoch };
                await records.WriteAsync(RecordType.ChallengeValue, encoder.Encode(challenge), CancellationToken.None);
                continue;
            }

            var frame = CommandWrite.Parse(record.Body).Frame;
            var command = (CommandMessage)new MessageDecoder(SampleKeys.Macs).Decode(frame, 0, frame.Length);
            if (AnswerCommand(command) is not { } answer)
            {
                return;
            }

            await records.WriteAsync(RecordType.ResultNotify, answer, CancellationToken.None);
        }
    }
}
