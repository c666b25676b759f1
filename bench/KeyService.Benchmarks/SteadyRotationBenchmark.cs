using System.Diagnostics;
using System.Text.Json;

namespace ShareKey.KeyService.Benchmarks;

/// <summary>
/// Open loop: rotations are requested on a clock — every tick, POST /v1/rotations for as many
/// devices as the rate owes by then, without waiting for earlier requests or their confirmations —
/// so a slow service meets the same demand a fleet would put on it rather than a politely smaller
/// one. Devices are taken round-robin, so each is asked again only after fleet ÷ rate seconds.
/// Latency per requested device: the moment its request was sent → the service's confirmedAt of the
/// rotation it answered with (its proof verified); both clocks are this machine's.
/// </summary>
public static class SteadyRotationBenchmark
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    private sealed record Request(DateTimeOffset SentAt, Task<JsonElement> Response);

    /// <returns>The number of rotations requested.</returns>
    public static async Task<int> RunAsync(HttpClient http, IReadOnlyList<string> deviceIds, int rate, TimeSpan duration, int concurrency, TextWriter output)
    {
        output.WriteLine($"  steady: {rate} rotations/s requested on a {Tick.TotalMilliseconds:F0} ms clock for {duration.TotalSeconds:F0} s (open loop), over {deviceIds.Count} devices");
        var confirmedBefore = await FleetRotationBenchmark.ConfirmedAsync(http);
        var requests = new List<Request>();
        var total = (int)(rate * duration.TotalSeconds);
        var issued = 0;
        var maxLag = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(Tick);
        while (issued < total)
        {
            var owed = Math.Min(total, (int)(rate * clock.Elapsed.TotalSeconds));
            if (owed > issued)
            {
                var batch = Enumerable.Range(issued, owed - issued).Select(i => deviceIds[i % deviceIds.Count]).ToList();
                // A request owed since the tick before this one: how far the clock's own loop fell behind.
                var lag = clock.Elapsed - TimeSpan.FromSeconds((double)(issued + 1) / rate);
                maxLag = lag > maxLag ? lag : maxLag;
                requests.Add(new Request(DateTimeOffset.UtcNow, KeyIssueBenchmark.PostAsync(http, "/v1/rotations", new { deviceIds = batch })));
                issued = owed;
            }

            await timer.WaitForNextTickAsync();
        }

        var issuing = clock.Elapsed;
        var answers = new List<(DateTimeOffset SentAt, long RotationId)>(total);
        foreach (var request in requests)
        {
            foreach (var rotation in (await request.Response).EnumerateArray())
            {
                answers.Add((request.SentAt, rotation.GetProperty("id").GetInt64()));
            }
        }

        var answered = clock.Elapsed;
        var distinct = answers.Select(answer => answer.RotationId).Distinct().Count();
        await FleetRotationBenchmark.WaitForConfirmedAsync(http, confirmedBefore + distinct, TimeSpan.FromMinutes(10));
        var drained = clock.Elapsed;

        var confirmedAt = await ConfirmedAtAsync(http, deviceIds.Take(Math.Min(total, deviceIds.Count)).ToList(), concurrency);
        var latencies = answers
            .Select(answer => (confirmedAt[answer.RotationId] - answer.SentAt).TotalMilliseconds)
            .Order()
            .ToList();
        output.WriteLine($"  steady: {total} requested in {issuing.TotalSeconds:F2} s ({total / issuing.TotalSeconds:F0}/s; clock loop at most {maxLag.TotalMilliseconds:F0} ms behind), "
            + $"all answered after {answered.TotalSeconds:F2} s, all {distinct} rotations confirmed after {drained.TotalSeconds:F2} s ({total - distinct} requests joined a rotation still open)");
        output.WriteLine($"  steady: request -> proof verified p50 {Percentiles.Of(latencies, 50):F0} ms   p99 {Percentiles.Of(latencies, 99):F0} ms   max {latencies.LastOrDefault():F0} ms");
        return total;
    }

    /// <summary>confirmedAt of every rotation of the given devices, by rotation id.</summary>
    private static async Task<Dictionary<long, DateTimeOffset>> ConfirmedAtAsync(HttpClient http, IReadOnlyList<string> deviceIds, int concurrency)
    {
        var confirmed = new Dictionary<long, DateTimeOffset>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < deviceIds.Count)
            {
                foreach (var rotation in (await KeyIssueBenchmark.GetAsync(http, $"/v1/rotations?deviceId={deviceIds[index]}&state=confirmed&limit=100")).EnumerateArray())
                {
                    lock (confirmed)
                    {
                        confirmed[rotation.GetProperty("id").GetInt64()] = rotation.GetProperty("confirmedAt").GetDateTimeOffset();
                    }
                }
            }
        }));
        return confirmed;
    }
}
