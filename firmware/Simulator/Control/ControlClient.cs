using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ShareKey.Simulator.Control;

/// <summary>One connection to a simulator's control channel (<see cref="ControlServer"/>): a command line out, its reply line back.</summary>
public sealed class ControlClient : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly StreamReader _reader;
    private readonly NetworkStream _stream;

    private ControlClient(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = new StreamReader(_stream, new UTF8Encoding(false));
    }

    public static async Task<ControlClient> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken = default)
    {
        TcpClient client = new();
        try
        {
            await client.ConnectAsync(endPoint, cancellationToken);
            return new ControlClient(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends one command (no line breaks in it) and reads the reply; the channel closing first is an <see cref="IOException"/>.</summary>
    public async Task<ControlReply> SendAsync(string command, CancellationToken cancellationToken = default)
    {
        if (command.Contains('\n', StringComparison.Ordinal) || command.Contains('\r', StringComparison.Ordinal))
        {
            throw new ArgumentException("one command, one line", nameof(command));
        }

        await _stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\n"), cancellationToken);
        string line = await _reader.ReadLineAsync(cancellationToken) ?? throw new IOException("the simulator closed the control channel");
        return ControlReply.Parse(line);
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
