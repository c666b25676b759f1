using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Simulator;
using ShareKey.Simulator.Devices;

namespace ShareKey.KeyService.Benchmarks;

/// <summary>
/// R0 at fleet scale: `sharekey serve` (its own process, SQLite, in-process broker) rotates every
/// device of a fleet of simulated T-BOXes running the real device logic, each on its own MQTT
/// connection from this process. Measured from the operator's request to the last confirmation;
/// per rotation, the ack latency is the service's own confirmedAt − createdAt (Rotate queued →
/// proof verified).
/// </summary>
public static class FleetRotationBenchmark
{
    public static async Task RunAsync(BenchOptions options, TextWriter output)
    {
        var count = options.Fleet;
        output.WriteLine($"fleet rotation over MQTT: {count} simulated T-BOXes, service in its own process (SQLite, in-process broker)");
        var data = Directory.CreateTempSubdirectory("sharekey-fleet-").FullName;
        await using var service = new ServiceProcess(data);
        await service.StartAsync();
        using var http = KeyIssueBenchmark.Client(service.Url, service.OperatorToken!);

        var clock = Stopwatch.StartNew();
        var configs = await ProvisionAsync(http, data, count, options.Concurrency);
        output.WriteLine($"  provisioned {count} devices over HTTP in {clock.Elapsed.TotalSeconds:F1} s");

        var log = new QuietLog(output);
        clock.Restart();
        await using var fleet = new Fleet(configs.Select(config => new SimulatedTBox(new SimulatedTBoxOptions
        {
            Config = BoardConfigFile.Read(config),
            Ble = false,
            TickInterval = TimeSpan.FromSeconds(5),
            Log = log,
        })).ToList());
        await fleet.StartAsync(waitOnline: true, maxConcurrentStarts: 64);
        await WaitForConfirmedAsync(http, count, TimeSpan.FromMinutes(5));
        output.WriteLine($"  fleet online with epoch 1 confirmed in {clock.Elapsed.TotalSeconds:F1} s");

        var start = DateTimeOffset.UtcNow;
        clock.Restart();
        await KeyIssueBenchmark.PostAsync(http, "/v1/rotations", new { all = true });
        var queued = clock.Elapsed;
        await WaitForConfirmedAsync(http, 2 * count, TimeSpan.FromMinutes(10));
        var wall = clock.Elapsed;

        var rotations = (await KeyIssueBenchmark.GetAsync(http, $"/v1/rotations?state=confirmed&limit={count}")).EnumerateArray()
            .Where(r => r.GetProperty("cause").GetString() == "operator" && r.GetProperty("createdAt").GetDateTimeOffset() >= start.AddSeconds(-1))
            .Select(r => (r.GetProperty("confirmedAt").GetDateTimeOffset() - r.GetProperty("createdAt").GetDateTimeOffset()).TotalMilliseconds)
            .Order()
            .ToList();
        var onEpoch2 = fleet.Devices.OfType<SimulatedTBox>().Count(device => device.Status().ActiveEpoch == 2);
        output.WriteLine($"  rotated {rotations.Count} devices: wall {wall.TotalSeconds:F2} s (all Rotates queued after {queued.TotalSeconds:F2} s)   {rotations.Count / wall.TotalSeconds:F0} confirmed rotations/s");
        output.WriteLine($"  ack latency (Rotate queued -> proof verified): p50 {Percentiles.Of(rotations, 50):F0} ms   p99 {Percentiles.Of(rotations, 99):F0} ms   max {rotations.LastOrDefault():F0} ms");
        output.WriteLine($"  devices holding epoch 2: {onEpoch2}/{count}; device errors {log.Errors}");
    }

    private static async Task<List<string>> ProvisionAsync(HttpClient http, string data, int count, int concurrency)
    {
        var folder = Directory.CreateDirectory(Path.Combine(data, "boards")).FullName;
        var files = new string[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var provisioned = await KeyIssueBenchmark.PostAsync(http, "/v1/devices", new { kind = "tbox", name = $"car-{index}" });
                files[index] = Path.Combine(folder, $"car-{index}.conf");
                await File.WriteAllTextAsync(files[index], provisioned.GetProperty("boardConfig").GetString()!, Encoding.ASCII);
            }
        }));
        return [.. files];
    }

    private static async Task WaitForConfirmedAsync(HttpClient http, int confirmed, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var summary = await KeyIssueBenchmark.GetAsync(http, "/v1/rotations/summary");
            if (summary.GetProperty("confirmed").GetInt32() >= confirmed)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"only {summary} after {timeout}");
            }

            await Task.Delay(20);
        }
    }
}
