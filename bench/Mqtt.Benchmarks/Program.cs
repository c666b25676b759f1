using System.Globalization;
using ShareKey.Mqtt.Benchmarks;

// QoS 1 point-to-point throughput and latency of our broker and Debian's mosquitto, side by side, same client.
if (args is [BenchTarget.ServeArgument, var inflight])
{
    await BenchTarget.ServeAsync(int.Parse(inflight, CultureInfo.InvariantCulture));
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 1;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"QoS 1, {options.Pairs} publisher/subscriber pairs, {options.Messages:N0} messages per pair, {options.PayloadBytes}-byte payload, " +
    $"publisher window {options.Window}, our broker's in-flight window {options.BrokerInflight} (mosquitto: 20), " +
    $"{Environment.ProcessorCount} cores, loopback"));
var results = new List<BenchResult>();
try
{
    for (var round = 1; round <= options.Rounds; round++)
    {
        foreach (var broker in options.Brokers)
        {
            var target = broker switch
            {
                "ours" => await BenchTarget.StartOursInChildProcessAsync(options.BrokerInflight),
                "ours-inproc" => await BenchTarget.StartOursInProcessAsync(options.BrokerInflight),
                _ => await BenchTarget.StartMosquittoAsync(),
            };
            results.Add(await MeasureAsync(target, options, round));
        }
    }
}
catch (Exception e) when (e is TimeoutException or InvalidOperationException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

Console.WriteLine();
var best = results.GroupBy(r => r.Broker).Select(g => g.MaxBy(r => r.MessagesPerSecond)!).ToList();
foreach (var result in best)
{
    Console.WriteLine($"best of {options.Rounds}: {result}");
}
if (best.Find(r => r.Broker.StartsWith("mosquitto", StringComparison.Ordinal)) is { } mosquitto)
{
    foreach (var ours in best.Where(r => r != mosquitto))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput ratio ({ours.Broker}) / mosquitto: {ours.MessagesPerSecond / mosquitto.MessagesPerSecond:F2}"));
    }
}
return 0;

static async Task<BenchResult> MeasureAsync(BenchTarget target, BenchOptions options, int round)
{
    try
    {
        await using (target)
        {
            var run = new PairRun(target, options);
            if (options.WarmupMessages > 0)
            {
                await run.RunAsync(options.WarmupMessages, $"warmup{round}");
            }
            var result = await run.RunAsync(options.Messages, $"run{round}");
            Console.WriteLine($"round {round}: {result}");
            return result;
        }
    }
    finally
    {
        // Printed after the broker stopped, so also when a run timed out (dropped messages show here).
        if (target.FinalCounters.Length > 0)
        {
            Console.WriteLine($"         {target.FinalCounters}");
        }
    }
}
