using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace ShareKey.Mqtt.Tests.Fixtures;

/// <summary>A private Debian mosquitto on free loopback ports, with the users of <see cref="TestUser"/>
/// and the device ACL. Start with <see cref="StartAsync"/>; dispose kills it and deletes its files.</summary>
/// <remarks>A missing binary is a failure, never a skip: the MQTT code is only trusted once it has
/// been proven against a broker we did not write (docs/architecture.md §2).</remarks>
public sealed class MosquittoBroker : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/mosquitto";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How many times a start is tried when a port found free was taken meanwhile.</summary>
    private const int PortAttempts = 3;

    private readonly string _directory;
    private readonly string _configFile;
    private readonly ConcurrentQueue<string> _log = new();
    private Process? _process;

    private MosquittoBroker(MosquittoOptions options)
    {
        Options = options;
        _directory = Directory.CreateTempSubdirectory("sharekey-mosquitto-").FullName;
        Port = FreeTcpPort.Next();
        if (options.Tls)
        {
            TlsPort = FreeTcpPort.Next();
            ServerCertificate = SelfSignedCertificate.CreateForLoopback();
        }

        _configFile = MosquittoConfigFiles.Write(_directory, options, Port, TlsPort, ServerCertificate);
    }

    public MosquittoOptions Options { get; }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>The TLS listener's port, 0 without <see cref="MosquittoOptions.Tls"/>.</summary>
    public int TlsPort { get; }

    /// <summary>The certificate the TLS listener presents (null without TLS).</summary>
    public X509Certificate2? ServerCertificate { get; }

    /// <summary>Everything mosquitto wrote to stderr so far, for failure messages.</summary>
    public string Log => string.Join(Environment.NewLine, _log);

    /// <summary>
    /// Starts mosquitto on free ports. A port found free can be taken by another test process before
    /// mosquitto binds it (test projects run in parallel); then it starts again on new ports.
    /// </summary>
    public static async Task<MosquittoBroker> StartAsync(MosquittoOptions? options = null)
    {
        EnsureInstalled();
        for (var attempt = 1; ; attempt++)
        {
            var broker = new MosquittoBroker(options ?? new MosquittoOptions());
            try
            {
                await broker.StartProcessAsync();
                return broker;
            }
            catch (InvalidOperationException) when (attempt < PortAttempts && broker.Log.Contains("Address already in use", StringComparison.Ordinal))
            {
                await broker.DisposeAsync();
            }
            catch
            {
                await broker.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Stops mosquitto the polite way (SIGTERM), so with persistence on it saves its
    /// sessions and queued messages before it exits.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using (var kill = Process.Start("/bin/kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(StartTimeout);
        await process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Starts mosquitto again on the same ports and files (see <see cref="StopAsync"/>).</summary>
    public Task StartAgainAsync() => StartProcessAsync();

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartProcessAsync();
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

        ServerCertificate?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static void EnsureInstalled()
    {
        if (!File.Exists(Executable) || !File.Exists(MosquittoConfigFiles.PasswdTool))
        {
            throw new InvalidOperationException(
                $"Debian's mosquitto is required by the MQTT tests but {Executable} or " +
                $"{MosquittoConfigFiles.PasswdTool} is missing. Install it with: " +
                "apt-get update && apt-get install -y mosquitto mosquitto-clients");
        }
    }

    private async Task StartProcessAsync()
    {
        _process?.Dispose();
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(Executable, ["-c", _configFile])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            },
            EnableRaisingEvents = true,
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            _log.Enqueue(line.Data);
            // Mosquitto prints this once every listener is open.
            if (line.Data.Contains(" running", StringComparison.Ordinal))
            {
                running.TrySetResult();
            }
        };
        process.Exited += (_, _) => running.TrySetException(
            new InvalidOperationException($"mosquitto exited during start-up:{Environment.NewLine}{Log}"));
        _process = process;
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        await running.Task.WaitAsync(StartTimeout);
        await ProveListeningAsync(Port);
        if (TlsPort != 0)
        {
            await ProveListeningAsync(TlsPort);
        }
    }

    private async Task ProveListeningAsync(int port)
    {
        using var socket = new TcpClient();
        try
        {
            await socket.ConnectAsync(Host, port);
        }
        catch (SocketException e)
        {
            throw new InvalidOperationException($"mosquitto reported running but port {port} refused: {e.Message}{Environment.NewLine}{Log}", e);
        }
    }
}
