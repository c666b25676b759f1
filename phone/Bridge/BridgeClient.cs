using System.Net;
using System.Net.Sockets;
using ShareKey.BleBridge;

namespace ShareKey.Phone.Bridge;

/// <summary>
/// The phone side of the bridge: one connection to a device, as a phone's BLE central would hold
/// it. <see cref="RssiDbm"/> is the simulated strength of the phone's link, sent as
/// <see cref="SamplesPerWrite"/> samples with every command. Calls are sequential: one read or
/// write at a time, each waiting for its answer with a timeout.
/// </summary>
public sealed class BridgeClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly RecordStream _records;

    private BridgeClient(TcpClient tcp)
    {
        _tcp = tcp;
        _records = new RecordStream(tcp.GetStream());
    }

    /// <summary>The simulated signal strength of this phone's link, in dBm.</summary>
    public int RssiDbm { get; set; } = -50;

    /// <summary>How many RSSI samples each write carries (the device's proximity filter wants a full window).</summary>
    public int SamplesPerWrite { get; set; } = 3;

    /// <summary>How long a read or write waits for the device's answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The challenge the device last notified (after a command); null before one.</summary>
    public byte[]? NotifiedChallenge { get; private set; }

    public static async Task<BridgeClient> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken = default)
    {
        TcpClient tcp = new() { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return new BridgeClient(tcp);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Reads the challenge characteristic: the Challenge frame, or null while the device holds no key.</summary>
    public async Task<byte[]?> ReadChallengeAsync(CancellationToken cancellationToken = default)
    {
        byte[] value = await ExchangeAsync(RecordType.ReadChallenge, ReadOnlyMemory<byte>.Empty, RecordType.ChallengeValue, cancellationToken)
            .ConfigureAwait(false);
        return value.Length == 0 ? null : value;
    }

    /// <summary>Writes a Command frame (with this link's RSSI samples) and returns the Result frame the device notifies.</summary>
    public async Task<byte[]> WriteCommandAsync(byte[] commandFrame, CancellationToken cancellationToken = default)
    {
        int[] samples = Enumerable.Repeat(RssiDbm, SamplesPerWrite).ToArray();
        return await ExchangeAsync(RecordType.WriteCommand, new CommandWrite(samples, commandFrame).ToBody(), RecordType.ResultNotify, cancellationToken)
            .ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Sends one record and reads until the <paramref name="answer"/>, within <see cref="Timeout"/> (else <see cref="TimeoutException"/>).</summary>
    private async Task<byte[]> ExchangeAsync(RecordType request, ReadOnlyMemory<byte> body, RecordType answer, CancellationToken cancellationToken)
    {
        using CancellationTokenSource deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            await _records.WriteAsync(request, body, deadline.Token).ConfigureAwait(false);
            return await AwaitAsync(answer, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no {answer} from the device within {Timeout}");
        }
    }

    /// <summary>Reads records until <paramref name="wanted"/>; keeps challenge notifications on the way.</summary>
    private async Task<byte[]> AwaitAsync(RecordType wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            BridgeRecord record = await _records.ReadAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new IOException("the device closed the connection");
            if (record.Type == wanted)
            {
                return record.Body;
            }

            switch (record.Type)
            {
                case RecordType.Error:
                    BridgeErrorCode code = record.Body.Length == 1 ? (BridgeErrorCode)record.Body[0] : BridgeErrorCode.Malformed;
                    throw new BridgeException(code, $"the device closed the connection: {code}");
                case RecordType.ChallengeNotify:
                    NotifiedChallenge = record.Body;
                    break;
                default:
                    throw new BridgeException(BridgeErrorCode.Malformed, $"expected {wanted}, the device sent {record.Type}");
            }
        }
    }
}
