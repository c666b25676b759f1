using System.CommandLine;
using Spectre.Console;

namespace ShareKey.KeyService.Cli;

/// <summary>
/// What every command is built with: the injected writers, a Spectre console over the output
/// writer, the process environment, and the options shared by all commands that call the
/// service — defined here once, added to each such command by <see cref="ServiceCommand"/>.
/// </summary>
public sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error, CliEnvironment environment)
    {
        Output = output;
        Error = error;
        Environment = environment;
        Console = Consoles.Over(output);
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    public CliEnvironment Environment { get; }

    public IAnsiConsole Console { get; }

    public Option<string?> Url { get; } = new("--url")
    {
        Description = $"The KeyService's URL. Default: ${CliEnvironment.UrlVariable}, else the config file, else {Connection.DefaultUrl}.",
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"An API token (skt_…). Default: ${CliEnvironment.TokenVariable}, else the config file written by `sharekey login`.",
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON instead of tables (for scripts): the API's own for service commands.",
    };

    public Option<string?> Wallet { get; } = new("--wallet")
    {
        Description = "The phone's key folder. Default: $XDG_DATA_HOME/sharekey/phone, else ~/.local/share/sharekey/phone.",
    };

    /// <summary>A command that talks to the service: it takes --url, --token and --json besides <paramref name="symbols"/>.</summary>
    public Command ServiceCommand(string name, string description, params Symbol[] symbols)
    {
        var command = LocalCommand(name, description, symbols);
        command.Options.Add(Url);
        command.Options.Add(Token);
        return command;
    }

    /// <summary>A command that works without the service (the phone at the car): it takes --json besides <paramref name="symbols"/>.</summary>
    public Command LocalCommand(string name, string description, params Symbol[] symbols)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
                default:
                    throw new ArgumentException($"{symbol.Name} is neither an argument nor an option.", nameof(symbols));
            }
        }

        command.Options.Add(Json);
        return command;
    }

    /// <summary>
    /// Runs <paramref name="action"/>; a <see cref="CliFailure"/> anywhere in it is printed to the
    /// error writer and becomes the exit code.
    /// </summary>
    public void SetAction(Command command, Func<ParseResult, Invocation, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                using var invocation = new Invocation(this, parse);
                return await action(parse, invocation, cancellationToken);
            }
            catch (CliFailure failure)
            {
                Error.WriteLine(failure.Message);
                return failure.ExitCode;
            }
        });
}
