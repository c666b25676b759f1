using System.CommandLine;
using System.Text.Json;
using ShareKey.KeyService.Notifications;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey notifications watch [--after ID] [--count N]`: your notifications as they happen (the
/// service's server-sent event stream). A dropped connection is resumed after the last one printed,
/// so none is missed or printed twice. Ctrl+C ends it (exit 0).
/// </summary>
public static class NotificationsWatchCommand
{
    /// <summary>Wait before reconnecting after the stream dropped.</summary>
    public static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    public static Command Create(CliContext context)
    {
        var after = new Option<long?>("--after") { Description = "Start after this notification id (default: only new ones)." };
        var count = new Option<int?>("--count") { Description = "Exit after printing this many." };
        var command = context.ServiceCommand("watch", "Print your notifications as they happen; --json prints one JSON object per line.", after, count);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var last = parse.GetValue(after)?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var remaining = parse.GetValue(count);
            if (remaining is <= 0)
            {
                throw new CliFailure(ExitCodes.Usage, "--count must be at least 1.");
            }

            try
            {
                while (true)
                {
                    try
                    {
                        await using var stream = await run.Client.OpenEventStreamAsync("v1/notifications/stream", last, cancellationToken);
                        await foreach (var e in ServerSentEvents.ReadAsync(stream, cancellationToken))
                        {
                            Print(run, e);
                            last = e.Id ?? last;
                            if (remaining is { } left && (remaining = left - 1) == 0)
                            {
                                return ExitCodes.Success;
                            }
                        }
                    }
                    catch (IOException)
                    {
                        // The connection dropped (a restart of the service): resumed below after the last printed.
                    }
                    catch (CliFailure unreachable) when (unreachable.ExitCode == ExitCodes.Runtime && last is not null)
                    {
                        // Was connected before: keep trying until the service is back.
                    }

                    await Task.Delay(Reconnect, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static void Print(Invocation run, ServerSentEvent e)
    {
        if (run.Json)
        {
            run.Output.WriteLine(e.Data);
            return;
        }

        var n = JsonSerializer.Deserialize<NotificationDto>(e.Data, Api.Json.Options)!;
        run.Output.WriteLine($"{Show.Time(n.OccurredAt)}  #{n.Id}  {n.Type.Wire()}  {Show.Plain(NotificationText.Detail(n))}");
    }
}
