using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace ShareKey.EndToEnd.Tests.Support;

/// <summary>
/// Commands as a user types them in a shell: a separate process, in a working directory of the
/// test's choosing, with a home folder of its own (so no real CLI config or wallet is read or written).
/// Disposing it deletes the home folder and the working directory, which the test hands over to it.
/// </summary>
public sealed class Shell(string workingDirectory) : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("sharekey-home-").FullName;

    /// <summary>The checkout these tests were built from (the folder holding ShareKey.slnx).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The configuration the tests (and so the projects they reference) were built in.</summary>
    public static string Configuration { get; } =
        typeof(Shell).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    public string WorkingDirectory { get; } = workingDirectory;

    public void Dispose()
    {
        Directory.Delete(_home, recursive: true);
        Directory.Delete(WorkingDirectory, recursive: true);
    }

    public Dictionary<string, string?> Environment { get; } = new()
    {
        ["XDG_CONFIG_HOME"] = null,
        ["XDG_DATA_HOME"] = null,
        ["SHAREKEY_CLI_CONFIG"] = null,
        ["SHAREKEY_TOKEN"] = null,
        ["SHAREKEY_URL"] = null,
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    /// <summary>Runs a command to its end (bounded) and returns what it printed.</summary>
    public async Task<ShellResult> RunAsync(string program, params string[] arguments)
    {
        using var process = Start(program, arguments);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var error = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish");
        }

        return new ShellResult(process.ExitCode, await output, await error);
    }

    /// <summary>Starts a long-running command; its output is collected line by line.</summary>
    public Background StartBackground(string program, params string[] arguments) => new(Start(program, arguments));

    private Process Start(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HOME"] = _home;
        foreach (var (name, value) in Environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ShareKey.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no ShareKey.slnx above {AppContext.BaseDirectory}");
    }

    /// <summary>A command left running; killed (with its children) on dispose.</summary>
    public sealed class Background : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        internal Background(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, line) => Append(line.Data);
            _process.ErrorDataReceived += (_, line) => Append(line.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

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

        public bool HasExited => _process.HasExited;

        /// <summary>Waits until the output holds <paramref name="text"/>; fails if the command ends first.</summary>
        public Task WaitForOutputAsync(string text, TimeSpan? timeout = null) =>
            Eventually.TrueAsync(() => Output.Contains(text, StringComparison.Ordinal) || (_process.HasExited ? throw new InvalidOperationException($"the command ended before printing '{text}':\n{Output}") : false), $"output contains '{text}'", timeout ?? TimeSpan.FromSeconds(90));

        /// <summary>SIGKILL, as kill -9 does: no shutdown code runs.</summary>
        public async Task KillAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await KillAsync();
            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }
}

/// <summary>What a finished command printed and returned.</summary>
public sealed record ShellResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- output\n{Output}--- error\n{Error}";
}
