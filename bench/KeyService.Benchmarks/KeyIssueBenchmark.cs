using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ShareKey.Firmware.Configuration;
using ShareKey.Protocol.Identity;
using ShareKey.Protocol.Messages;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Simulator;
using ShareKey.Simulator.Devices;

namespace ShareKey.KeyService.Benchmarks;

/// <summary>
/// Keys issued per second through POST /v1/keys (R1.1: the service checks user and vehicle, writes
/// the key and its audit entry, mints token and holder secret), on SQLite and PostgreSQL side by
/// side: `sharekey serve` in its own process (so its CPU is told apart from the HTTP client's),
/// real HTTP from this one. A device holds at most <see cref="BulletinMessage.MaxEntries"/> live
/// keys (a bulletin must be able to list them all), so the keys go round-robin to a pool of
/// simulated T-BOXes, each bound to its own VIN.
/// </summary>
public static class KeyIssueBenchmark
{
    /// <summary>Keys per car, warm-up included: one below the bulletin's limit.</summary>
    private const int KeysPerCar = BulletinMessage.MaxEntries - 1;

    // Long enough for most of the service's JIT backlog: each hot method is compiled three times as it grows hot
    // (unoptimised, instrumented, optimised), and with 2,000 keys the optimising took 15-30 % of the service's
    // CPU in the measured phase (its tiered-compilation thread in the profile and in CpuSplit's line), about 6 s
    // of steady issuing at 2,700 keys/s before it ebbed. What is left shows in the CPU line.
    private const int WarmUpKeys = 10_000;

    // Then rounds as long as the measured phase (at most this many keys), each after the JIT has been idle a while, until
    // a round leaves it idle too: 10,000 keys at 5,000/s left up to 0.7 s of the service's tiered JIT in the measured
    // second (its background compiler still working through what the warm-up queued, and methods promoted only after
    // more calls). Rounds of 1,000 keys were not enough: methods called once in a hundred keys or so reached their
    // promotion only in the measured phase, 0.04-0.13 s of JIT in its 5,000 keys after a quiet round of 1,000.
    private const int WarmUpRoundKeysAtMost = 5_000;
    private const int WarmUpRounds = 3;

    /// <summary>How long the service's tiered-compilation threads must take no CPU to count as idle, and the most to wait for it.</summary>
    private static readonly TimeSpan JitQuiet = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan JitWaitAtMost = TimeSpan.FromSeconds(10);

    /// <summary>A round that left the JIT idle: at most one tick of /proc's 10 ms.</summary>
    private static readonly TimeSpan JitIdleRound = TimeSpan.FromMilliseconds(10);

    public static async Task RunAsync(BenchOptions options, TextWriter output)
    {
        var cars = (WarmUpKeys + RoundKeys(options) * WarmUpRounds + options.Keys + KeysPerCar - 1) / KeysPerCar;
        output.WriteLine($"keys over HTTP: {options.Keys} keys per store over {cars} cars, {options.Concurrency} in flight, service in its own process, {Environment.ProcessorCount} cores");
        await BenchStores.EachAsync(options, output, "keys over HTTP", (store, connectionString) =>
            RunOnAsync(store, connectionString, cars, options, output));
    }

    private static async Task RunOnAsync(string store, string? connectionString, int carCount, BenchOptions bench, TextWriter output)
    {
        var data = Directory.CreateTempSubdirectory("sharekey-bench-").FullName;
        try
        {
            await using var service = new ServiceProcess(data, connectionString is null ? [] : ["--storage", "postgresql", "--connection-string", connectionString]);
            await service.StartAsync();
            try
            {
                await MeasureOnAsync(store, service, data, connectionString, carCount, bench, output);
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

    private static async Task MeasureOnAsync(string store, ServiceProcess service, string data, string? connectionString, int carCount, BenchOptions bench, TextWriter output)
    {
        output.WriteLine($"  {store}: service pid {service.ProcessId}");
        using var http = Client(service.Url, service.OperatorToken!);
        var user = await PostAsync(http, "/v1/users", new { name = "bench-user" });
        var userId = user.GetProperty("user").GetProperty("id").GetString();
        var log = new QuietLog(output);
        var vins = Enumerable.Range(0, carCount).Select(BenchVin).ToArray();
        var cars = await Task.WhenAll(vins.Select(vin => OnlineCarAsync(http, data, vin, log)));
        try
        {
            var (warmUpKeys, warmUpLine) = await WarmUpAsync(http, userId, vins, bench.Concurrency, RoundKeys(bench), service.ProcessId);
            output.WriteLine($"             {warmUpLine}");

            var latencies = new double[bench.Keys];
            var metrics = await ServiceMetrics.ScrapeAsync(http);
            var database = connectionString is null ? null : await DatabaseCpu.OfAsync(connectionString);
            var cpu = new CpuSplit(service.ProcessId);
            var clock = Stopwatch.StartNew();
            await IssueAsync(http, userId, vins, first: warmUpKeys, latencies, bench.Concurrency);
            clock.Stop();
            var cpuLine = cpu.Line(bench.Keys, "key", "HTTP client and simulated cars");
            var databaseCpu = database?.Elapsed;
            Array.Sort(latencies);
            output.WriteLine(
                $"  {store,-10} {bench.Keys / clock.Elapsed.TotalSeconds,8:F0} keys/s   p50 {Percentiles.Of(latencies, 50),6:F2} ms   p99 {Percentiles.Of(latencies, 99),6:F2} ms   ({bench.Keys} keys in {clock.Elapsed.TotalSeconds:F2} s, device errors {log.Errors})");
            var after = await ServiceMetrics.ScrapeAsync(http);
            output.WriteLine($"             {cpuLine}");
            if (databaseCpu is { } server)
            {
                output.WriteLine($"             CPU of the PostgreSQL server's processes: {server.TotalSeconds:F1} s ({server.TotalMilliseconds / bench.Keys:F2} ms per key; {server.TotalSeconds / clock.Elapsed.TotalSeconds:F2} cores)");
            }

            output.WriteLine($"             service /metrics: {ServiceMetrics.StoreLine(metrics, after)}; {ServiceMetrics.StorePerLine(metrics, after, bench.Keys, "key")}; {ServiceMetrics.IssueBatchLine(metrics, after)}");
        }
        finally
        {
            foreach (var car in cars)
            {
                await car.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Warms the service up as the measured phase runs, requests in flight side by side (issued one at a time, it
    /// left the paths only concurrency takes to the JIT): <see cref="WarmUpKeys"/> keys, then rounds of
    /// <paramref name="roundKeys"/>, each once the service's tiered-compilation threads have been idle for
    /// <see cref="JitQuiet"/>, until a round leaves them idle too or <see cref="WarmUpRounds"/> rounds were issued
    /// (then after one more wait). So the measured phase measures a warmed service, not its JIT's backlog.
    /// </summary>
    /// <returns>The keys issued, and a line saying how long it took and what the JIT did.</returns>
    private static async Task<(int Keys, string Line)> WarmUpAsync(HttpClient http, string? userId, string[] vins, int concurrency, int roundKeys, int serviceId)
    {
        var clock = Stopwatch.StartNew();
        var jit = new CpuSplit(serviceId);
        // The measured phase begins and ends with a scrape of /metrics: its code compiled now, not between the
        // idle JIT and the measured keys (new code compiled puts off the JIT's next promotions).
        await ServiceMetrics.ScrapeAsync(http);
        await IssueAsync(http, userId, vins, first: 0, new double[WarmUpKeys], concurrency);
        var issued = WarmUpKeys;
        var waited = TimeSpan.Zero;
        var rounds = 0;
        var idle = false;
        while (true)
        {
            waited += await UntilJitIdleAsync(serviceId);
            if (rounds == WarmUpRounds)
            {
                break;
            }

            var round = new CpuSplit(serviceId);
            await IssueAsync(http, userId, vins, first: issued, new double[roundKeys], concurrency);
            issued += roundKeys;
            rounds++;
            if (round.Jit <= JitIdleRound)
            {
                idle = true;
                break;
            }
        }

        return (issued, $"warm-up: {issued} keys ({WarmUpKeys} and {rounds} rounds of {roundKeys}) in {clock.Elapsed.TotalSeconds:F1} s, "
            + $"{waited.TotalSeconds:F1} s of it waiting for the service's tiered JIT to be idle; the JIT took {jit.Jit.TotalSeconds:F2} s, "
            + (idle ? "none in the last round" : $"still some in the last round ({WarmUpRounds} rounds at most)"));
    }

    /// <summary>Keys in a warm-up round: as many as the measured phase issues, at most <see cref="WarmUpRoundKeysAtMost"/>.</summary>
    private static int RoundKeys(BenchOptions options) => Math.Clamp(options.Keys, 1, WarmUpRoundKeysAtMost);

    /// <summary>Waits until the service's tiered-compilation threads took no CPU for <see cref="JitQuiet"/>, at most <see cref="JitWaitAtMost"/>; returns the time waited.</summary>
    private static async Task<TimeSpan> UntilJitIdleAsync(int serviceId)
    {
        var clock = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        var jit = new CpuSplit(serviceId);
        var last = TimeSpan.Zero;
        while (quiet.Elapsed < JitQuiet && clock.Elapsed < JitWaitAtMost)
        {
            await Task.Delay(50);
            var now = jit.Jit;
            if (now != last)
            {
                last = now;
                quiet.Restart();
            }
        }

        return clock.Elapsed;
    }

    /// <summary>
    /// Issues <paramref name="latencies"/>.Length keys, round-robin over the cars from key number
    /// <paramref name="first"/> on, <paramref name="concurrency"/> requests in flight; each request's latency in order.
    /// </summary>
    private static Task IssueAsync(HttpClient http, string? userId, string[] vins, int first, double[] latencies, int concurrency)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < latencies.Length)
            {
                var start = Stopwatch.GetTimestamp();
                await PostAsync(http, "/v1/keys", new { type = "renter", userId, vin = vins[(first + index) % vins.Length] });
                latencies[index] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }));
    }

    /// <summary>A valid VIN (ISO 3779 check digit) per car: a fixed prefix and the car's number.</summary>
    private static string BenchVin(int index)
    {
        var vin = $"1M8GDM9A0KP{index:D6}";
        return string.Concat(vin.AsSpan(0, 8), Vin.CheckDigitOf(vin).ToString(), vin.AsSpan(9));
    }

    /// <summary>Provisions a T-BOX, boots it in the simulator (it binds the VIN and confirms epoch 1), and waits until keys can be issued for it.</summary>
    private static async Task<SimulatedTBox> OnlineCarAsync(HttpClient http, string data, string vin, QuietLog log)
    {
        var provisioned = await PostAsync(http, "/v1/devices", new { kind = "tbox", name = $"bench-{vin}" });
        var file = Path.Combine(data, $"{vin}.conf");
        await File.WriteAllTextAsync(file, provisioned.GetProperty("boardConfig").GetString()!, Encoding.ASCII);
        var car = new SimulatedTBox(new SimulatedTBoxOptions { Config = BoardConfigFile.Read(file), Vin = vin, Ble = false, Log = log });
        await car.StartAsync();
        var id = provisioned.GetProperty("device").GetProperty("id").GetString();
        // Hundreds of cars come online at once; on PostgreSQL that took over a minute here.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (true)
        {
            var device = await GetAsync(http, $"/v1/devices/{id}");
            if (device.GetProperty("device").GetProperty("epoch").GetUInt32() >= 1 && device.TryGetProperty("binding", out _))
            {
                return car;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the simulated car did not confirm its first epoch and bind its VIN within 180 s");
            }

            // Every car of the pool polls: at 50 ms they asked thousands of times a second and slowed the very onboarding they waited for.
            await Task.Delay(500);
        }
    }

    public static HttpClient Client(string url, string token) =>
        new() { BaseAddress = new Uri(url), DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };

    public static async Task<JsonElement> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body, Json.Options);
        return await ReadAsync(response, path);
    }

    public static async Task<JsonElement> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return await ReadAsync(response, path);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, string path)
    {
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(text).RootElement.Clone()
            : throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {text}");
    }

}
