using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using ShareKey.Firmware.Configuration;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Hosting;
using ShareKey.Protocol.Messages;
using ShareKey.Simulator;
using ShareKey.Simulator.Devices;

namespace ShareKey.KeyService.Benchmarks;

/// <summary>
/// Reservations per second through POST /v1/reservations (R2.11: the window checked against the
/// space's rules, the insert guarded by the overlap check — PostgreSQL's exclusion constraint, SQLite's
/// check inside its one write transaction — and the renter's key for the lock issued in the same
/// transaction), on SQLite and PostgreSQL side by side. Two passes over the same windows: first every
/// booking wins (consecutive one-hour windows), then the same windows again, each refused space-taken
/// by the overlap check. A lock holds at most <see cref="BulletinMessage.MaxEntries"/> live keys, so the
/// bookings spread over enough spaces, each with its simulated parking lock in service.
/// </summary>
public static class ReservationBenchmark
{
    /// <summary>Bookings per space, warm-up included: one below the bulletin's limit.</summary>
    private const int PerSpace = BulletinMessage.MaxEntries - 1;

    private const int WarmUp = 200;

    public static async Task RunAsync(BenchOptions options, TextWriter output)
    {
        var spaces = (WarmUp + options.Reservations + PerSpace - 1) / PerSpace;
        output.WriteLine($"reservations over HTTP: {options.Reservations} per store and pass over {spaces} spaces, {options.Concurrency} in flight, {Environment.ProcessorCount} cores");
        await BenchStores.EachAsync(options, output, "reservations over HTTP", (store, connectionString) => RunOnAsync(store, connectionString, spaces, options, output));
    }

    private static async Task RunOnAsync(string storage, string? connectionString, int spaceCount, BenchOptions bench, TextWriter output)
    {
        var data = Directory.CreateTempSubdirectory("sharekey-bench-").FullName;
        var options = new ServiceOptions { DataDirectory = data, InstanceName = "bench" };
        options.Storage.Provider = storage;
        options.Storage.ConnectionString = connectionString;
        options.Broker.Port = 0;
        options.Broker.PlainMqtt = true;
        options.Broker.PublicHost = "127.0.0.1";
        var started = await ServiceApp.BuildAsync(options, "http://127.0.0.1:0", TextWriter.Null, web => web.Logging.SetMinimumLevel(LogLevel.Warning));
        await using var app = started.App;
        await app.StartAsync();
        using var http = KeyIssueBenchmark.Client(app.Urls.First(), started.FirstOperatorToken!);

        var user = await KeyIssueBenchmark.PostAsync(http, "/v1/users", new { name = "bench-renter" });
        var userId = user.GetProperty("user").GetProperty("id").GetString();
        var garage = (await KeyIssueBenchmark.PostAsync(http, "/v1/garages", new
        {
            name = "Bench garage",
            timeZone = "Europe/Berlin",
            placeStreetAddress = new { countryCode = "DE", city = "Hamburg", postCode = "20457", addressLines = new[] { "Am Sandtorkai 1" } },
            floors = new[] { new { level = 0, name = "Street" } },
        })).GetProperty("id").GetString();
        var log = new QuietLog(output);
        var locks = await Task.WhenAll(Enumerable.Range(0, spaceCount).Select(i => LockInServiceAsync(http, data, i, log)));
        var spaceIds = new string[spaceCount];
        for (var i = 0; i < spaceCount; i++)
        {
            spaceIds[i] = (await KeyIssueBenchmark.PostAsync(http, "/v1/spaces", new
            {
                garageId = garage,
                spaceId = $"S-{i:D4}",
                level = 0,
                lockId = locks[i].Id,
                rules = new { maxReservationMinutes = 60, bookingHorizonMinutes = 2 * 24 * 60 },
            })).GetProperty("id").GetString()!;
        }

        // Booking i: space i mod spaces, the (i div spaces)-th hour from tomorrow.
        var first = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds());
        object Booking(int i) => new { spaceId = spaceIds[i % spaceCount], startTime = first.AddHours(i / spaceCount), endTime = first.AddHours((i / spaceCount) + 1), userId };
        try
        {
            for (var i = 0; i < WarmUp; i++)
            {
                await KeyIssueBenchmark.PostAsync(http, "/v1/reservations", Booking(i));
            }

            await PassAsync("booked", HttpStatusCode.Created);
            await PassAsync("refused", HttpStatusCode.Conflict);
        }
        finally
        {
            foreach (var parkingLock in locks)
            {
                await parkingLock.Device.DisposeAsync();
            }

            await app.StopAsync();
        }

        async Task PassAsync(string what, HttpStatusCode expected)
        {
            var latencies = new double[bench.Reservations];
            var next = -1;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, bench.Concurrency).Select(async _ =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < bench.Reservations)
                {
                    var start = Stopwatch.GetTimestamp();
                    using var response = await http.PostAsJsonAsync("/v1/reservations", Booking(WarmUp + index), Json.Options);
                    latencies[index] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (response.StatusCode != expected)
                    {
                        throw new InvalidOperationException($"reservation {index} ({what} pass): {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }
            }));
            clock.Stop();
            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Array.Sort(latencies);
            output.WriteLine(
                $"  {storage,-10} {what,-8} {bench.Reservations / clock.Elapsed.TotalSeconds,7:F0} reservations/s   p50 {Percentiles.Of(latencies, 50),6:F2} ms   p99 {Percentiles.Of(latencies, 99),6:F2} ms   "
                + $"({bench.Reservations} in {clock.Elapsed.TotalSeconds:F2} s; {cpuUsed.TotalMilliseconds / bench.Reservations:F2} ms CPU each, service and client in one process; device errors {log.Errors})");
        }
    }

    /// <summary>Provisions a parking lock, boots it in the simulator (it confirms epoch 1), and waits until keys can be issued for it.</summary>
    private static async Task<(string Id, SimulatedParkingLock Device)> LockInServiceAsync(HttpClient http, string data, int index, QuietLog log)
    {
        var provisioned = await KeyIssueBenchmark.PostAsync(http, "/v1/devices", new { kind = "parking-lock", name = $"bench-lock-{index:D4}" });
        var file = Path.Combine(data, $"lock-{index}.conf");
        await File.WriteAllTextAsync(file, provisioned.GetProperty("boardConfig").GetString()!, Encoding.ASCII);
        var device = new SimulatedParkingLock(new SimulatedParkingLockOptions { Config = BoardConfigFile.Read(file), Ble = false, Log = log });
        await device.StartAsync();
        var id = provisioned.GetProperty("device").GetProperty("id").GetString()!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await KeyIssueBenchmark.GetAsync(http, $"/v1/devices/{id}")).GetProperty("device").GetProperty("epoch").GetUInt32() < 1)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the simulated parking lock did not confirm its first epoch within 60 s");
            }

            await Task.Delay(50);
        }

        return (id, device);
    }
}
