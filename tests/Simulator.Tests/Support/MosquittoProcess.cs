using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ShareKey.Simulator.Tests.Support;

/// <summary>
/// A private Debian mosquitto on a free loopback port, anonymous logins allowed (the in-process
/// broker runs the device ACL; this one proves the simulator against a broker we did not write).
/// The idea of tests/Mqtt.Tests' launcher, cut down: ready when mosquitto says it is running.
/// A missing binary fails the test, never skips it.
/// </summary>
public sealed class MosquittoProcess : IAsyncDisposable
{
    private const string Executable = "/usr/sbin/mosquitto";

    private readonly string _directory = Directory.CreateTempSubdirectory("sharekey-sim-mosquitto-").FullName;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    public int Port { get; } = FreePort();

    public string Log => string.Join(Environment.NewLine, _log);

    public static async Task<MosquittoProcess> StartAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: apt-get install -y mosquitto");
        }

        MosquittoProcess mosquitto = new();
        try
        {
            await mosquitto.RunAsync();
            return mosquitto;
        }
        catch
        {
            await mosquitto.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private async Task RunAsync()
    {
        string config = Path.Combine(_directory, "mosquitto.conf");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            listener {Port} 127.0.0.1
            allow_anonymous true
            persistence false
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            log_type information

            """));
        TaskCompletionSource running = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = new Process
        {
            StartInfo = new ProcessStartInfo(Executable, ["-c", config]) { RedirectStandardError = true, RedirectStandardOutput = true },
            EnableRaisingEvents = true,
        };
        _process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                _log.Enqueue(line.Data);
                if (line.Data.Contains(" running", StringComparison.Ordinal))
                {
                    running.TrySetResult();
                }
            }
        };
        _process.Exited += (_, _) => running.TrySetException(new InvalidOperationException($"mosquitto exited during start-up:{Environment.NewLine}{Log}"));
        _process.Start();
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        await running.Task.WaitAsync(TestTimeouts.Signal);
    }

    private static int FreePort()
    {
        using TcpListener probe = new(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
