namespace ShareKey.KeyService.Benchmarks;

public sealed record BenchOptions(int Keys, int Concurrency, string? Postgres, int Fleet)
{
    public const string Usage =
        "usage: KeyService.Benchmarks [--keys N] [--concurrency C] [--postgres CONNECTION] [--fleet N]\n" +
        "  --keys N          keys to issue over HTTP per store (default 5000; 0 skips)\n" +
        "  --concurrency C   HTTP requests in flight (default 16)\n" +
        "  --postgres CONN   also measure PostgreSQL (Npgsql connection string of a role that may create databases;\n" +
        "                    default: $SHAREKEY_BENCH_POSTGRES)\n" +
        "  --fleet N         simulated T-BOXes to rotate over MQTT (default 10000; 0 skips)";

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
                default:
                    return null;
            }

            i++;
        }

        return options;
    }
}
