using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Simulator;
using ShareKey.Simulator.Devices;

namespace ShareKey.KeyService.Benchmarks;

/// <summary>
/// R0 at fleet scale, on each store in turn: `sharekey serve` (its own process, in-process broker)
/// brings a fleet of simulated T-BOXes online (each running the real device logic on its own MQTT
/// connection from this process; their first boot is a rotation to epoch 1), then rotates them all
/// at once, twice (the first burst, while the service still compiles that path, and the burst):
/// measured from the operator's request to the last confirmation; per
/// rotation, the ack latency is the service's own confirmedAt − createdAt (Rotate stored → proof
/// verified). Then, when asked, the steady open-loop mode (<see cref="SteadyRotationBenchmark"/>)
/// on the same fleet. Each phase ends with the service's own /metrics and the CPU of both processes.
/// </summary>
public static class FleetRotationBenchmark
{
    public static async Task RunAsync(BenchOptions options, TextWriter output)
    {
        await BenchStores.EachAsync(options, output, "fleet rotation", (store, connectionString) =>
            RunOnAsync(store, connectionString, options, output));
    }

    private static async Task RunOnAsync(string store, string? connectionString, BenchOptions options, TextWriter output)
    {
        string[] storeArguments = connectionString is null ? [] : ["--storage", "postgresql", "--connection-string", connectionString];
        var count = options.Fleet;
        output.WriteLine($"fleet rotation over MQTT on {store}: {count} simulated T-BOXes, service in its own process (in-process broker), {Environment.ProcessorCount} cores shared by both");
        var data = Directory.CreateTempSubdirectory("sharekey-fleet-").FullName;
        try
        {
            await using var service = new ServiceProcess(data, storeArguments);
            await service.StartAsync();
            try
            {
                await MeasureAsync(service, data, connectionString, options, output);
            }
            finally
            {
                ServiceLog.Summarise(service.Output, output);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task MeasureAsync(ServiceProcess service, string data, string? connectionString, BenchOptions options, TextWriter output)
    {
        var count = options.Fleet;
        output.WriteLine($"  service pid {service.ProcessId}");
        using var http = KeyIssueBenchmark.Client(service.Url, service.OperatorToken!);

        var clock = Stopwatch.StartNew();
        var devices = await ProvisionAsync(http, data, count, options.Concurrency);
        output.WriteLine($"  provisioned {count} devices over HTTP in {clock.Elapsed.TotalSeconds:F1} s");

        var log = new QuietLog(output);
        var metrics = await ServiceMetrics.ScrapeAsync(http);
        var cpu = await PhaseCpu.StartAsync(service, connectionString);
        clock.Restart();
        var fleetStart = DateTimeOffset.UtcNow;
        await using var fleet = new Fleet(devices.Select(device => new SimulatedTBox(new SimulatedTBoxOptions
        {
            Config = BoardConfigFile.Read(device.ConfigFile),
            Ble = false,
            TickInterval = TimeSpan.FromSeconds(5),
            Log = log,
        })).ToList());
        await fleet.StartAsync(waitOnline: true, maxConcurrentStarts: 64);
        var connected = clock.Elapsed;
        await WaitForConfirmedAsync(http, count, TimeSpan.FromMinutes(5));
        // Every rotation so far is a first boot's.
        var online = (await ConfirmedSinceAsync(http, DateTimeOffset.MinValue, count)).Max(r => r.ConfirmedAt) - fleetStart;
        output.WriteLine($"  fleet online with epoch 1 confirmed in {online.TotalSeconds:F1} s: all connected after {connected.TotalSeconds:F1} s, the last proof verified {(online - connected).TotalSeconds:F1} s after that");
        Report(output, metrics, await ServiceMetrics.ScrapeAsync(http), cpu, count);

        // The first burst runs the operator's rotate-all path for the first time, and the service's
        // tiered JIT compiles it while it runs; it is reported, and the second one measures the
        // service as it runs from then on.
        await BurstAsync(http, service, connectionString, fleet, log, count, epoch: 2, "first burst (the service's JIT compiling the path)", output);
        await BurstAsync(http, service, connectionString, fleet, log, count, epoch: 3, "burst", output);

        if (options.SteadyRate > 0)
        {
            metrics = await ServiceMetrics.ScrapeAsync(http);
            cpu = await PhaseCpu.StartAsync(service, connectionString);
            var steady = await SteadyRotationBenchmark.RunAsync(http, devices.Select(device => device.Id).ToList(), options.SteadyRate, TimeSpan.FromSeconds(options.SteadySeconds), options.Concurrency, output);
            output.WriteLine($"  device errors {log.Errors}");
            Report(output, metrics, await ServiceMetrics.ScrapeAsync(http), cpu, steady);
        }
    }

    /// <summary>
    /// Rotates the whole fleet with one operator request and reports from the request to the last
    /// confirmation. The simulated devices' heap is collected first: what the earlier phases left
    /// to this process's GC is not the burst's cost, and the service's is not touched.
    /// </summary>
    private static async Task BurstAsync(HttpClient http, ServiceProcess service, string? connectionString, Fleet fleet, QuietLog log, int count, int epoch, string name, TextWriter output)
    {
        var (frames, waited) = await SettleAsync(http);
        output.WriteLine($"  {name}: {frames:F0} up frames of the phase before taken after its end, {waited.TotalSeconds:F1} s until none for {QuietFor.TotalSeconds:F0} s");
        var collecting = Stopwatch.StartNew();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        output.WriteLine($"  {name}: the simulated devices' heap collected first in {collecting.ElapsedMilliseconds} ms");
        var metrics = await ServiceMetrics.ScrapeAsync(http);
        var cpu = await PhaseCpu.StartAsync(service, connectionString);
        var start = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await KeyIssueBenchmark.PostAsync(http, "/v1/rotations", new { all = true });
        var queued = clock.Elapsed;
        await WaitForConfirmedAsync(http, epoch * count, TimeSpan.FromMinutes(10));
        var burst = await ConfirmedSinceAsync(http, start, count);
        var wall = burst.Max(r => r.ConfirmedAt) - start;
        var rotations = burst.Select(r => (r.ConfirmedAt - r.CreatedAt).TotalMilliseconds).Order().ToList();
        var onEpoch = fleet.Devices.OfType<SimulatedTBox>().Count(device => device.Status().ActiveEpoch == epoch);
        output.WriteLine($"  {name}: rotated {rotations.Count} devices: request -> last proof verified {wall.TotalSeconds:F2} s (all Rotates stored when the request returned after {queued.TotalSeconds:F2} s)   {rotations.Count / wall.TotalSeconds:F0} confirmed rotations/s");
        output.WriteLine($"  ack latency (Rotate stored -> proof verified): p50 {Percentiles.Of(rotations, 50):F0} ms   p99 {Percentiles.Of(rotations, 99):F0} ms   max {rotations.LastOrDefault():F0} ms");
        output.WriteLine($"  devices holding epoch {epoch}: {onEpoch}/{count}; device errors {log.Errors}");
        Report(output, metrics, await ServiceMetrics.ScrapeAsync(http), cpu, rotations.Count);
    }

    private static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Waits until the service has taken no up frame for <see cref="QuietFor"/> (at most <see cref="SettleLimit"/>):
    /// the phase before ends at its last proof verified, with the devices' last frames of it still on their way (after
    /// the online phase, each device's VehicleReport of its connect, sent at its first tick), which are its work and not
    /// the burst's. The frames taken meanwhile, and the wait.
    /// </summary>
    private static async Task<(double Frames, TimeSpan Waited)> SettleAsync(HttpClient http)
    {
        var clock = Stopwatch.StartNew();
        var first = (await ServiceMetrics.ScrapeAsync(http)).Value("sharekey_uplink_frames_total");
        var last = first;
        var quietSince = clock.Elapsed;
        while (clock.Elapsed - quietSince < QuietFor && clock.Elapsed < SettleLimit)
        {
            await Task.Delay(100);
            var taken = (await ServiceMetrics.ScrapeAsync(http)).Value("sharekey_uplink_frames_total");
            if (taken != last)
            {
                last = taken;
                quietSince = clock.Elapsed;
            }
        }

        return (last - first, clock.Elapsed);
    }

    private static void Report(TextWriter output, ServiceMetrics before, ServiceMetrics after, PhaseCpu cpu, int rotations)
    {
        foreach (var line in ServiceMetrics.RotationLines(before, after, rotations))
        {
            output.WriteLine("  " + line);
        }

        output.WriteLine("  " + cpu.Service.Line(rotations));
        if (cpu.Database?.Elapsed is { } server)
        {
            output.WriteLine($"  CPU of the PostgreSQL server's processes: {server.TotalSeconds:F1} s ({server.TotalMilliseconds / rotations:F2} ms per rotation; {server.TotalSeconds / cpu.Wall.Elapsed.TotalSeconds:F2} cores)");
        }
    }

    /// <summary>One phase's CPU: the service's and this process's, and (PostgreSQL) the server's, which takes from the same cores.</summary>
    private sealed record PhaseCpu(CpuSplit Service, DatabaseCpu? Database, Stopwatch Wall)
    {
        public static async Task<PhaseCpu> StartAsync(ServiceProcess service, string? connectionString) =>
            new(new CpuSplit(service.ProcessId), connectionString is null ? null : await DatabaseCpu.OfAsync(connectionString), Stopwatch.StartNew());
    }

    private sealed record ProvisionedDevice(string Id, string ConfigFile);

    private static async Task<List<ProvisionedDevice>> ProvisionAsync(HttpClient http, string data, int count, int concurrency)
    {
        var folder = Directory.CreateDirectory(Path.Combine(data, "boards")).FullName;
        var devices = new ProvisionedDevice[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var provisioned = await KeyIssueBenchmark.PostAsync(http, "/v1/devices", new { kind = "tbox", name = $"car-{index}" });
                var file = Path.Combine(folder, $"car-{index}.conf");
                await File.WriteAllTextAsync(file, provisioned.GetProperty("boardConfig").GetString()!, Encoding.ASCII);
                devices[index] = new ProvisionedDevice(provisioned.GetProperty("device").GetProperty("id").GetString()!, file);
            }
        }));
        return [.. devices];
    }

    /// <summary>The newest <paramref name="limit"/> confirmed rotations started at or after <paramref name="since"/>, by the service's own times.</summary>
    private static async Task<List<(DateTimeOffset CreatedAt, DateTimeOffset ConfirmedAt)>> ConfirmedSinceAsync(HttpClient http, DateTimeOffset since, int limit) =>
        (await KeyIssueBenchmark.GetAsync(http, $"/v1/rotations?state=confirmed&limit={limit}")).EnumerateArray()
            .Select(r => (CreatedAt: r.GetProperty("createdAt").GetDateTimeOffset(), ConfirmedAt: r.GetProperty("confirmedAt").GetDateTimeOffset()))
            .Where(r => r.CreatedAt >= since)
            .ToList();

    /// <summary>
    /// Waits for the service's count of confirmed rotations. Polled once a second: each poll counts the
    /// open rotations (in a burst, up to the whole fleet), which takes from the cores the burst runs on;
    /// the times reported come from the service's own confirmedAt, not from when the poll noticed. (Every
    /// quarter second until the eleventh pass, when each poll still read every rotation ever stored: a
    /// sixteenth of the PostgreSQL server's statement time in a burst.)
    /// </summary>
    public static async Task WaitForConfirmedAsync(HttpClient http, int confirmed, TimeSpan timeout)
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

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Rotations confirmed so far, by the service's summary.</summary>
    public static async Task<int> ConfirmedAsync(HttpClient http) =>
        (await KeyIssueBenchmark.GetAsync(http, "/v1/rotations/summary")).GetProperty("confirmed").GetInt32();
}
