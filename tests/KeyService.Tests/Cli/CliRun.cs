using ShareKey.KeyService.Cli;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>Runs `sharekey` in process with captured output.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = CommandRegistry.Build(output, error).Parse(args).Invoke();
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
