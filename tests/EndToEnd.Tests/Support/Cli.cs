using System.CommandLine;
using ShareKey.KeyService.Cli;

namespace ShareKey.EndToEnd.Tests.Support;

/// <summary>What one `sharekey` run printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>The --json output read into the API's DTO <typeparamref name="T"/>, after asserting the run succeeded.</summary>
    public T Read<T>()
    {
        Assert.True(ExitCode == 0, ToString());
        return ApiJson.Parse<T>(Output);
    }

    public override string ToString() => $"exit {ExitCode}\n--- output\n{Output}--- error\n{Error}";
}

/// <summary>
/// Runs `sharekey` in process, as the operator or a phone would from a shell, with captured output
/// and an environment of its own: no variables and a home folder that does not exist, so neither
/// the machine's CLI config nor its default wallet leaks in or is written.
/// </summary>
public static class Cli
{
    private static readonly CliEnvironment Isolated = new(_ => null, Path.Combine(Path.GetTempPath(), "sharekey-e2e-no-home-" + Guid.NewGuid().ToString("n")));

    public static async Task<CliResult> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var parse = CommandRegistry.Build(output, error, Isolated).Parse(args);
        var exitCode = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
