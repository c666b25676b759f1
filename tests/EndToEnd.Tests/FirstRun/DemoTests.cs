using System.Net;
using System.Net.Sockets;
using ShareKey.KeyService.Cli;

namespace ShareKey.EndToEnd.Tests.FirstRun;

/// <summary>
/// `sharekey demo --exit-after-story`: the service, a simulated car (the real T-BOX logic) and a
/// phone, the whole story told — provision, bind, rent, fetch, unlock, return, rotate, old key
/// refused — and exit 0 only if every step went as it should. Without the flag it leaves
/// everything running and says how to reach it.
/// </summary>
public sealed class DemoTests
{
    [Fact]
    public async Task The_demo_tells_the_whole_story_and_exits_0()
    {
        var (code, output) = await RunDemoAsync(["--exit-after-story"], CancellationToken.None);

        Assert.True(code == 0, output);
        string[] story =
        [
            "== 1. Provision a T-BOX", "$ sharekey device provision --kind tbox --name car-17",
            "== 2. Power the car on", "T-BOX        ", "car-17 (active)",
            "== 4. Alice rents the car", "== 5. Alice's phone fetches the key", "Stored key",
            "== 6. Alice's phone unlocks the car", "relay: doors UNLOCKED", "ACCEPTED: unlock done",
            "== 7. Alice returns the car", "epoch=2", "confirmed",
            "== 8. Alice tries her old key", "REFUSED", "unknown-epoch",
            "The story went as it should.",
        ];
        var at = 0;
        foreach (var line in story)
        {
            var found = output.IndexOf(line, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"'{line}' not found (in order) in:\n{output}");
            at = found;
        }

        var folder = output.Split(", data in ")[1].Split('\n')[0].Trim();
        Assert.False(Directory.Exists(folder), $"the throwaway data folder {folder} is still there");
        Assert.Contains($"Removed the throwaway data folder {folder}", output);
    }

    [Fact]
    public async Task Without_the_flag_the_demo_stays_up_and_says_how_to_poke_at_it()
    {
        using var stop = new CancellationTokenSource();
        var output = new WatchedWriter("Everything keeps running until Ctrl+C", stop);
        var data = Directory.CreateTempSubdirectory("sharekey-demo-test-").FullName;
        var url = $"http://127.0.0.1:{FreePort()}";
        try
        {
            var parse = CommandRegistry.Build(output, output).Parse(["demo", "--http", url, "--data", data]);
            var code = await parse.InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = output }, stop.Token).WaitAsync(TimeSpan.FromMinutes(3));

            var printed = output.ToString();
            Assert.True(code == 0, printed);
            Assert.Contains($"export SHAREKEY_URL={url}", printed);
            Assert.Contains("export SHAREKEY_TOKEN=skt_", printed);
            Assert.Contains($"XDG_DATA_HOME={Path.Combine(data, "phone-alice")} sharekey phone unlock", printed);
            Assert.True(File.Exists(Path.Combine(data, "car-17.conf")), "--data is where the demo keeps its files");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<(int Code, string Output)> RunDemoAsync(string[] extra, CancellationToken cancellationToken)
    {
        var output = new StringWriter();
        var parse = CommandRegistry.Build(output, output).Parse(["demo", "--http", $"http://127.0.0.1:{FreePort()}", .. extra]);
        var code = await parse.InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = output }, cancellationToken).WaitAsync(TimeSpan.FromMinutes(3));
        return (code, output.ToString());
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Collects what is written and cancels <paramref name="stop"/> once <paramref name="signal"/> was written: the test's Ctrl+C.</summary>
    private sealed class WatchedWriter(string signal, CancellationTokenSource stop) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            lock (this)
            {
                base.WriteLine(value);
            }

            if (value is not null && value.Contains(signal, StringComparison.Ordinal))
            {
                stop.Cancel();
            }
        }

        public override string ToString()
        {
            lock (this)
            {
                return base.ToString();
            }
        }
    }
}
