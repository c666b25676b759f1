using System.CommandLine;
using Spectre.Console;

namespace ShareKey.KeyService.Cli;

/// <summary>One run of a command: whether --json was given, where to write, and (on first use) its service client.</summary>
public sealed class Invocation(CliContext context, ParseResult parse) : IDisposable
{
    private ServiceClient? _client;

    /// <summary>The client for the connection from --url/--token, the environment or the config file; resolved when first needed.</summary>
    public ServiceClient Client => _client ??= new ServiceClient(Connection.Resolve(parse.GetValue(context.Url), parse.GetValue(context.Token), context.Environment));

    public bool Json { get; } = parse.GetValue(context.Json);

    public IAnsiConsole Console => context.Console;

    public TextWriter Output => context.Output;

    /// <summary>The API's JSON with --json, else <paramref name="human"/>'s rendering; exit 0.</summary>
    public int Print<T>(Reply<T> reply, Action<T> human)
    {
        if (Json)
        {
            Output.WriteLine(reply.Json);
        }
        else
        {
            human(reply.Value);
        }

        return ExitCodes.Success;
    }

    /// <summary>Runs <paramref name="work"/> under a spinner on a terminal; plainly elsewhere.</summary>
    public async Task<T> WhileAsync<T>(string status, Func<Task<T>> work) =>
        Console.Profile.Capabilities.Interactive && !Json
            ? await Console.Status().StartAsync(status, _ => work())
            : await work();

    public void Dispose() => _client?.Dispose();
}
