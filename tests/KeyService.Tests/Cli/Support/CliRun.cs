using System.CommandLine;
using ShareKey.KeyService.Cli;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>Runs `sharekey` in process with captured output, in an environment of its own (never the machine's config or variables).</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>No variables, and a home folder that does not exist: nothing of the machine running the tests leaks in.</summary>
    public static CliEnvironment Isolated { get; } = new(_ => null, Path.Combine(Path.GetTempPath(), "sharekey-no-home-" + Guid.NewGuid().ToString("n")));

    public static CliRun Of(params string[] args) => OfAsync(Isolated, args).GetAwaiter().GetResult();

    public static Task<CliRun> OfAsync(params string[] args) => OfAsync(Isolated, args);

    public static async Task<CliRun> OfAsync(CliEnvironment environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var parse = CommandRegistry.Build(output, error, environment).Parse(args);
        var exitCode = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The --json output read into <typeparamref name="T"/> (the API's DTO the command prints), after asserting the run succeeded.</summary>
    public T Read<T>()
    {
        Assert.True(ExitCode == 0, ToString());
        return ApiJson.Parse<T>(Output);
    }

    public override string ToString() => $"exit {ExitCode}\n--- output\n{Output}--- error\n{Error}";
}
