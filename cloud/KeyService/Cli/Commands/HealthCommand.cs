using System.CommandLine;
using System.Net;
using ShareKey.KeyService.Hosting;
using Spectre.Console;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey health`: whether the service's store and device link are up. Exit 0 when healthy, 2 when degraded or unreachable.</summary>
public static class HealthCommand
{
    public static Command Create(CliContext context)
    {
        var command = context.ServiceCommand("health", "Check that the service, its store and its device link are up (no token needed).");
        context.SetAction(command, async (_, run, cancellationToken) =>
        {
            var (reply, status) = await run.Client.GetWithStatusAsync<HealthApi.Health>("health", HttpStatusCode.ServiceUnavailable, cancellationToken);
            run.Print(reply, health => run.Console.Write(Show.Fields(
                ("service", $"{run.Client.Url} [{(status == HttpStatusCode.OK ? "green" : "red")}]{Show.Text(health.Status)}[/]"),
                ("storage", $"{Show.Text(health.Storage)}, schema {(health.SchemaVersion > 0 ? Show.Number(health.SchemaVersion) : "[red]not answering[/]")}"),
                ("device link", health.BrokerConnected ? "[green]connected[/]" : "[red]not connected to the MQTT broker[/]"))));
            return status == HttpStatusCode.OK ? ExitCodes.Success : ExitCodes.Runtime;
        });
        return command;
    }
}
