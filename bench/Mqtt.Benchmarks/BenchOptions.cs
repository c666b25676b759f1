using System.Globalization;

namespace ShareKey.Mqtt.Benchmarks;

/// <summary>Command-line options; every run is bounded in message count and in time.</summary>
internal sealed record BenchOptions
{
    public int Pairs { get; init; } = 8;
    public int Messages { get; init; } = 20_000;
    public int PayloadBytes { get; init; } = 64;
    public int Window { get; init; } = 64;

    /// <summary>Our broker's MaxInflightMessagesPerClient; mosquitto's max_inflight_messages is 20 by default.</summary>
    public int BrokerInflight { get; init; } = 64;
    public int WarmupMessages { get; init; } = 2_000;
    public int Rounds { get; init; } = 1;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);
    public IReadOnlyList<string> Brokers { get; init; } = ["ours", "mosquitto", "mqttnet"];

    public const string Usage =
        "usage: Mqtt.Benchmarks [--pairs N=8] [--messages N=20000 per pair] [--payload BYTES=64 (>= 8)]\n" +
        "                       [--window N=64 publishes in flight per publisher] [--warmup N=2000 per pair]\n" +
        "                       [--broker-inflight N=64 our broker's window per subscriber; mosquitto's is 20]\n" +
        "                       [--rounds N=1] [--timeout SECONDS=120 per run]\n" +
        "                       [--brokers LIST=ours,mosquitto,mqttnet  (ours = own process, ours-inproc, mosquitto, mqttnet)]";

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--pairs" => options with { Pairs = Positive(value) },
                "--messages" => options with { Messages = Positive(value) },
                "--payload" => options with { PayloadBytes = Math.Max(8, Positive(value)) },
                "--window" => options with { Window = Positive(value) },
                "--broker-inflight" => options with { BrokerInflight = Positive(value) },
                "--warmup" => options with { WarmupMessages = int.Parse(value, CultureInfo.InvariantCulture) },
                "--rounds" => options with { Rounds = Positive(value) },
                "--timeout" => options with { Timeout = TimeSpan.FromSeconds(Positive(value)) },
                "--brokers" => options with { Brokers = ParseBrokers(value) },
                _ => throw new ArgumentException($"unknown option {args[i]} {value}"),
            };
            i++;
        }
        return options;
    }

    private static string[] ParseBrokers(string value)
    {
        var brokers = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return brokers.Length > 0 && brokers.All(b => b is "ours" or "ours-inproc" or "mosquitto" or "mqttnet")
            ? brokers
            : throw new ArgumentException($"'{value}' is not a list of ours, ours-inproc, mosquitto, mqttnet");
    }

    private static int Positive(string value) =>
        int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"'{value}' is not a positive number");
}
