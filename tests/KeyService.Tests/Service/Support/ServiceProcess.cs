using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ShareKey.KeyService.Hosting;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.KeyService.Tests.Service.Support;

/// <summary>
/// `sharekey serve` as a separate process, so a test can kill it the hard way (SIGKILL, no shutdown
/// code runs) and start it again on the same data directory and ports. The error lines of its console
/// log (fail:/crit:) go to <see cref="OnErrorLine"/>: a test gives its environment's ReportError, which
/// fails the test on any error it did not declare.
/// </summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    public ServiceProcess(string dataDirectory, params string[] extraArguments)
    {
        DataDirectory = dataDirectory;
        HttpPort = FreeTcpPort.Next();
        MqttPort = FreeTcpPort.Next();
        ExtraArguments = extraArguments;
    }

    public string DataDirectory { get; }

    public int HttpPort { get; }

    public int MqttPort { get; }

    public string[] ExtraArguments { get; }

    /// <summary>Gets each Error or Critical line of the service's log: its category and message.</summary>
    public Action<string, string>? OnErrorLine { get; init; }

    public string Url => $"http://127.0.0.1:{HttpPort}";

    /// <summary>The running process's id (the benchmark reads its CPU time).</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("not started");

    /// <summary>The operator token printed at the first start.</summary>
    public string? OperatorToken { get; private set; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async Task StartAsync()
    {
        var sharekey = typeof(ServiceApp).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { sharekey, "serve", "--data", DataDirectory, "--http", Url, "--mqtt-port", MqttPort.ToString(), "--mqtt-plain", "--public-host", "127.0.0.1" }.Concat(ExtraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, line) => OnLine(line.Data, ready);
        _process.ErrorDataReceived += (_, line) => OnLine(line.Data, ready);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var exited = _process.WaitForExitAsync();
        if (await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(60))) != ready.Task)
        {
            throw new InvalidOperationException("sharekey serve did not come up:\n" + Output);
        }
    }

    /// <summary>SIGKILL: the process gets no chance to finish anything.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
    }

    private void OnLine(string? line, TaskCompletionSource ready)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ErrorLine().Match(line) is { Success: true } error)
        {
            OnErrorLine?.Invoke(error.Groups[1].Value, error.Groups[2].Value);
        }

        if (TokenLine().Match(line) is { Success: true } token)
        {
            OperatorToken = token.Groups[1].Value;
        }

        if (line.StartsWith("KeyService up:", StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }

    /// <summary>An Error or Critical entry of the service's single-line console log: "HH:mm:ss fail: Category[event] message".</summary>
    [GeneratedRegex(@"^\d\d:\d\d:\d\d (?:fail|crit): ([^\[\s]+)\[\d+\] (.*)$")]
    private static partial Regex ErrorLine();

    [GeneratedRegex("SHAREKEY_TOKEN=(skt_[A-Za-z0-9_-]+)")]
    private static partial Regex TokenLine();
}
