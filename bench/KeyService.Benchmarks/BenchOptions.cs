namespace ShareKey.KeyService.Benchmarks;

public sealed record BenchOptions(int Keys, int Concurrency, string? Postgres, int Fleet, int NotifyEvents = 0, int NotifyRate = 200, int NotifyDevices = 100,
    string Store = "both", int SteadyRate = 0, int SteadySeconds = 30, int Reservations = 0)
{
    public const string Usage =
        "usage: KeyService.Benchmarks [--keys N] [--concurrency C] [--store S] [--postgres CONNECTION] [--fleet N] [--steady-rate R --steady-seconds T]\n" +
        "  --keys N          keys to issue over HTTP per store (default 5000; 0 skips)\n" +
        "  --concurrency C   HTTP requests in flight (default 16)\n" +
        "  --store S         sqlite, postgresql or both (default both, side by side in one run)\n" +
        "  --postgres CONN   the PostgreSQL server to measure (a role that may create databases; default:\n" +
        "                    $SHAREKEY_BENCH_POSTGRES, else a throwaway local cluster the benchmark starts and removes)\n" +
        "  --fleet N         simulated T-BOXes to rotate over MQTT (default 10000; 0 skips)\n" +
        "  --steady-rate R   after the burst, request R rotations per second on a clock (open loop; default 0 skips)\n" +
        "  --steady-seconds T  for T seconds (default 30)\n" +
        "  --notify N        device events to turn into webhook deliveries (default 0 skips)\n" +
        "  --notify-rate R   events per second, spread over the devices (default 200; 0 = all at once)\n" +
        "  --notify-devices D  devices, each with its own owner and webhook endpoint (default 100)\n" +
        "  --reservations N  parking reservations over HTTP per store, booked then refused space-taken (default 0 skips)";

    public static BenchOptions? Parse(string[] args)
    {
        var options = new BenchOptions(5000, 16, Environment.GetEnvironmentVariable("SHAREKEY_BENCH_POSTGRES"), 10_000);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--keys" when int.TryParse(value, out var keys) && keys >= 0:
                    options = options with { Keys = keys };
                    break;
                case "--concurrency" when int.TryParse(value, out var concurrency) && concurrency > 0:
                    options = options with { Concurrency = concurrency };
                    break;
                case "--postgres" when value is not null:
                    options = options with { Postgres = value };
                    break;
                case "--fleet" when int.TryParse(value, out var fleet) && fleet >= 0:
                    options = options with { Fleet = fleet };
                    break;
                case "--store" when value is "sqlite" or "postgresql" or "both":
                    options = options with { Store = value };
                    break;
                case "--steady-rate" when int.TryParse(value, out var steadyRate) && steadyRate >= 0:
                    options = options with { SteadyRate = steadyRate };
                    break;
                case "--steady-seconds" when int.TryParse(value, out var steadySeconds) && steadySeconds > 0:
                    options = options with { SteadySeconds = steadySeconds };
                    break;
                case "--notify" when int.TryParse(value, out var events) && events >= 0:
                    options = options with { NotifyEvents = events };
                    break;
                case "--notify-rate" when int.TryParse(value, out var rate) && rate >= 0:
                    options = options with { NotifyRate = rate };
                    break;
                case "--notify-devices" when int.TryParse(value, out var devices) && devices > 0:
                    options = options with { NotifyDevices = devices };
                    break;
                case "--reservations" when int.TryParse(value, out var reservations) && reservations >= 0:
                    options = options with { Reservations = reservations };
                    break;
                default:
                    return null;
            }

            i++;
        }

        return options;
    }

    /// <summary>The stores to measure, in the order their figures are printed.</summary>
    public IEnumerable<string> Stores => Store switch
    {
        "sqlite" => ["sqlite"],
        "postgresql" => ["postgresql"],
        _ => ["sqlite", "postgresql"],
    };
}
