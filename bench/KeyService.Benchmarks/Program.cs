using ShareKey.KeyService.Benchmarks;

// One run, figures printed side by side: keys issued per second over HTTP on each store, then a
// fleet rotation of simulated T-BOXes (the real device logic) over MQTT.
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 1;
}

// PostgreSQL side by side with SQLite: a server given, else a throwaway local one for this run.
var postgresBin = options.Stores.Contains("postgresql") && options.Postgres is null ? LocalPostgres.FindBin() : null;
await using var postgres = postgresBin is null ? null : await LocalPostgres.StartAsync(postgresBin, Console.Out);
options = options with { Postgres = options.Postgres ?? postgres?.ConnectionString };

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

if (options.Reservations > 0)
{
    await ReservationBenchmark.RunAsync(options, Console.Out);
}

return 0;
