using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ShareKey.Simulator.Control;

namespace ShareKey.Simulator.Cli;

/// <summary>
/// `sharekey-sim ctl --control PORT COMMAND [ARGS…]`: one command to a running simulator's control
/// channel (started with --control PORT), its answer printed — JSON indented for reading. Exit 0
/// when the simulator did it, 1 for a usage error (here or in the simulator's words), 2 when the
/// simulator could not do it or cannot be reached.
/// </summary>
public static class CtlCommand
{
    public const string Usage = "usage: sharekey-sim ctl --control PORT COMMAND [ARGS...]   (COMMAND help lists the commands)";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args.Count < 3 || args[0] != "--control" || !int.TryParse(args[1], out int port) || port is < 1 or > 65535)
        {
            await Console.Error.WriteLineAsync(Usage);
            return 1;
        }

        string command = string.Join(' ', args.Skip(2));
        if (command.Contains('\n', StringComparison.Ordinal) || command.Contains('\r', StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync("sharekey-sim ctl: one command, one line");
            return 1;
        }

        ControlReply reply;
        try
        {
            await using ControlClient client = await ControlClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            reply = await client.SendAsync(command);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            await Console.Error.WriteLineAsync($"sharekey-sim ctl: no simulator control channel on 127.0.0.1:{port} ({e.Message}); start one with --control {port}");
            return 2;
        }

        switch (reply.Kind)
        {
            case ControlReply.OkKind:
                Console.WriteLine(Readable(command, reply.Text));
                return 0;
            case ControlReply.UsageKind:
                await Console.Error.WriteLineAsync("sharekey-sim ctl: " + reply.Text);
                return 1;
            default:
                await Console.Error.WriteLineAsync("sharekey-sim ctl: " + reply.Text);
                return 2;
        }
    }

    private static string Readable(string command, string text)
    {
        if (command == "help")
        {
            return text.Replace(" | ", Environment.NewLine, StringComparison.Ordinal);
        }

        if (text.StartsWith('{') || text.StartsWith('['))
        {
            using JsonDocument json = JsonDocument.Parse(text);
            return JsonSerializer.Serialize(json.RootElement, new JsonSerializerOptions { WriteIndented = true });
        }

        return text;
    }
}
