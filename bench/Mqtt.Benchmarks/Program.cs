using System.Globalization;
using ShareKey.Mqtt.Benchmarks;

// QoS 1 point-to-point throughput and latency of our broker, Debian's mosquitto and MQTTnet's server, side by side,
// same client.
if (args is [BenchTarget.ServeArgument, var inflight])
{
    await BenchTarget.ServeAsync(int.Parse(inflight, CultureInfo.InvariantCulture));
    return 0;
}
if (args is [BenchTarget.ServeMqttNetArgument])
{
    await BenchTarget.ServeMqttNetAsync();
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
                "mqttnet" => await BenchTarget.StartMqttNetInChildProcessAsync(),
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
var medians = results.GroupBy(r => r.Broker).Select(g => (Broker: g.Key, Median: BenchResult.Median(g.ToList()), Best: g.MaxBy(r => r.MessagesPerSecond)!)).ToList();
foreach (var (_, median, best) in medians)
{
    Console.WriteLine($"median of {options.Rounds}: {median}");
    Console.WriteLine($"best of {options.Rounds}:   {best}");
}
foreach (var ours in medians.Where(m => m.Broker.StartsWith("ours", StringComparison.Ordinal)))
{
    foreach (var other in medians.Where(m => !m.Broker.StartsWith("ours", StringComparison.Ordinal)))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput ratio ({ours.Broker}) / ({other.Broker}): median {ours.Median.MessagesPerSecond / other.Median.MessagesPerSecond:F2}, " +
            $"best {ours.Best.MessagesPerSecond / other.Best.MessagesPerSecond:F2}"));
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
