using Spectre.Console;

namespace ShareKey.KeyService.Cli;

/// <summary>One run of a service command: its client, whether --json was given, and where to write.</summary>
public sealed class Invocation(CliContext context, ServiceClient client, bool json)
{
    public ServiceClient Client { get; } = client;

    public bool Json { get; } = json;

    public IAnsiConsole Console => context.Console;

    public TextWriter Output => context.Output;

    public TextWriter Error => context.Error;

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
}
