using System.Diagnostics;
using System.Globalization;
using System.Text;
using ShareKey.Mqtt.Tests.Broker;

namespace ShareKey.Mqtt.Tests.Interop;

/// <summary>
/// Runs Debian's <c>mosquitto_pub</c> / <c>mosquitto_sub</c> — clients we did not write — against a broker on
/// loopback. A missing tool is a test failure with the install command, never a skip.
/// </summary>
internal static class MosquittoTools
{
    public const string Pub = "/usr/bin/mosquitto_pub";
    public const string Sub = "/usr/bin/mosquitto_sub";

    /// <summary>Common arguments: loopback host, port, client id, and the user's credentials if any.</summary>
    public static List<string> Args(int port, string clientId, string? user = null, string? password = null)
    {
        var args = new List<string> { "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-i", clientId };
        if (user is not null)
        {
            args.AddRange(["-u", user, "-P", password ?? ""]);
        }
        return args;
    }

    public static async Task<ToolResult> RunAsync(string tool, IEnumerable<string> args) => await Start(tool, args).Exited;

    public static RunningTool Start(string tool, IEnumerable<string> args)
    {
        if (!File.Exists(tool))
        {
            throw new InvalidOperationException(
                $"{tool} is required by the interop tests but missing. Install it with: " +
                "apt-get update && apt-get install -y mosquitto mosquitto-clients");
        }
        return new RunningTool(tool, args);
    }
}

internal sealed record ToolResult(int ExitCode, string Output, string Error)
{
    public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}; stdout: {Output}; stderr: {Error}";
}

/// <summary>A tool running in the background (a subscriber waiting for messages); killed if it outlives the test.</summary>
internal sealed class RunningTool : IDisposable
{
    private readonly Process _process;

    public RunningTool(string tool, IEnumerable<string> args)
    {
        _process = new Process
        {
            StartInfo = new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true },
        };
        _process.Start();
        var output = _process.StandardOutput.ReadToEndAsync();
        var error = _process.StandardError.ReadToEndAsync();
        Exited = WaitAsync(output, error);
    }

    public Task<ToolResult> Exited { get; }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        _process.Dispose();
    }

    private async Task<ToolResult> WaitAsync(Task<string> output, Task<string> error)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TestTimeouts.Signal);
        }
        catch (TimeoutException)
        {
            _process.Kill();
            throw new TimeoutException($"{_process.StartInfo.FileName} did not finish: {await error}");
        }
        return new ToolResult(_process.ExitCode, await output, await error);
    }
}
