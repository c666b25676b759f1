using ShareKey.KeyService.Benchmarks;

// One run, figures printed side by side: keys issued per second over HTTP on each store, then a
// fleet rotation of simulated T-BOXes (the real device logic) over MQTT.
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 1;
}

if (options.Keys > 0)
{
    await KeyIssueBenchmark.RunAsync(options, Console.Out);
}

if (options.Fleet > 0)
{
    await FleetRotationBenchmark.RunAsync(options, Console.Out);
}

if (options.NotifyEvents > 0)
{
    await NotificationBenchmark.RunAsync(options, Console.Out);
}

return 0;
