using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Rotation;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey rotation watch [--interval S] [--timeout S] [--recent N]`: polls the rotation summary
/// and the newest rotations until nothing is Sending. Exit 0 when nothing is Sending; 2 when
/// --timeout passes or Ctrl+C stops it first (rotations are still under way). On a terminal the
/// display updates in place; piped, a line per change; with --json, one summary per poll (JSON Lines).
/// </summary>
public static class RotationWatchCommand
{
    private static readonly JsonSerializerOptions OneLine = new(Json.Options) { WriteIndented = false };

    public static Command Create(CliContext context)
    {
        var interval = new Option<double>("--interval") { Description = "Seconds between polls.", DefaultValueFactory = _ => 2 };
        var timeout = new Option<double?>("--timeout") { Description = "Give up (exit 2) after this many seconds; default: watch until done or Ctrl+C." };
        var recent = new Option<int>("--recent") { Description = "How many of the newest rotations to show.", DefaultValueFactory = _ => 10 };
        var command = context.ServiceCommand("watch", "Follow key rotations until none is sending.", interval, timeout, recent);
        context.SetAction(command, async (parse, run, cancellationToken) =>
        {
            if (parse.GetValue(interval) is not (> 0 and <= 3600) || parse.GetValue(timeout) is <= 0 || parse.GetValue(recent) is < 1 or > 1000)
            {
                throw CliFailure.Usage("--interval is 0–3600 s, --timeout more than 0 s, --recent 1–1000");
            }

            var watch = new Watch(run, TimeSpan.FromSeconds(parse.GetValue(interval)), parse.GetValue(timeout) is { } t ? TimeSpan.FromSeconds(t) : null, parse.GetValue(recent));
            if (run.Json || !run.Console.Profile.Capabilities.Interactive)
            {
                return await watch.RunAsync(cancellationToken);
            }

            return await run.Console.Live(new Markup("Polling…")).StartAsync(live => watch.RunAsync(cancellationToken, live));
        });
        return command;
    }

    private sealed class Watch(Invocation run, TimeSpan interval, TimeSpan? timeout, int recent)
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private RotationApi.RotationSummary? _shown;

        public async Task<int> RunAsync(CancellationToken cancellationToken, LiveDisplayContext? live = null)
        {
            try
            {
                while (true)
                {
                    var summary = (await run.Client.GetAsync<RotationApi.RotationSummary>("v1/rotations/summary", cancellationToken)).Value;
                    var rotations = run.Json ? [] : (await run.Client.GetAsync<List<RotationDto>>(Query.Of("v1/rotations", ("limit", recent)), cancellationToken)).Value;
                    Display(summary, rotations, live);
                    if (summary.Sending == 0)
                    {
                        Finish(rotations, live);
                        return ExitCodes.Success;
                    }

                    var remaining = timeout - Stopwatch.GetElapsedTime(_started);
                    if (remaining <= TimeSpan.Zero)
                    {
                        throw CliFailure.Runtime($"{summary.Sending} rotation(s) still sending after {timeout!.Value.TotalSeconds:0.#} s");
                    }

                    await Task.Delay(remaining is { } left && left < interval ? left : interval, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw CliFailure.Runtime($"stopped watching; {_shown?.Sending} rotation(s) were still sending");
            }
        }

        private void Display(RotationApi.RotationSummary summary, List<RotationDto> rotations, LiveDisplayContext? live)
        {
            if (run.Json)
            {
                run.Output.WriteLine(JsonSerializer.Serialize(summary, OneLine));
            }
            else if (live is not null)
            {
                live.UpdateTarget(new Rows(new Markup(Line(summary)), RotationListCommand.Table(rotations)));
            }
            else if (summary != _shown)
            {
                run.Console.MarkupLine(Show.Time(DateTimeOffset.UtcNow) + "  " + Line(summary));
            }

            _shown = summary;
        }

        private void Finish(List<RotationDto> rotations, LiveDisplayContext? live)
        {
            if (!run.Json && live is null)
            {
                run.Console.Write(RotationListCommand.Table(rotations));
            }

            if (!run.Json && _shown is { GaveUp: > 0 } or { Failed: > 0 })
            {
                run.Console.MarkupLine("Nothing is sending. Given-up and failed rotations are re-driven on their schedule, or now with [bold]sharekey rotation redrive ID[/].");
            }
        }

        private static string Line(RotationApi.RotationSummary s) =>
            $"{Show.State(RotationState.Sending)} {s.Sending}   {Show.State(RotationState.Confirmed)} {s.Confirmed}   "
            + $"{Show.State(RotationState.GaveUp)} {s.GaveUp}   {Show.State(RotationState.Failed)} {s.Failed}";
    }
}
