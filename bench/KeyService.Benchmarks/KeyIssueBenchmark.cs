using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Npgsql;
using ShareKey.Firmware.Configuration;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Hosting;
using ShareKey.Simulator;
using ShareKey.Simulator.Devices;

namespace ShareKey.KeyService.Benchmarks;

/// <summary>
/// Keys issued per second through POST /v1/keys (R1.1: the service checks user and vehicle, writes
/// the key and its audit entry, mints token and holder secret), on SQLite and — when given a server —
/// PostgreSQL, the same service over real HTTP in this process, with one simulated T-BOX bound to the VIN.
/// </summary>
public static class KeyIssueBenchmark
{
    private const string Vin = "1M8GDM9AXKP042788";

    public static async Task RunAsync(BenchOptions options, TextWriter output)
    {
        output.WriteLine($"keys over HTTP: {options.Keys} keys per store, {options.Concurrency} in flight, {Environment.ProcessorCount} cores");
        await RunOnAsync("sqlite", null, options, output);
        if (options.Postgres is null)
        {
            output.WriteLine("  postgresql: skipped (give --postgres or SHAREKEY_BENCH_POSTGRES)");
            return;
        }

        var database = $"sharekey_bench_{Guid.NewGuid():N}";
        await ExecuteAsync(options.Postgres, $"CREATE DATABASE {database}");
        try
        {
            await RunOnAsync("postgresql", new NpgsqlConnectionStringBuilder(options.Postgres) { Database = database }.ConnectionString, options, output);
        }
        finally
        {
            await ExecuteAsync(options.Postgres, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static async Task RunOnAsync(string storage, string? connectionString, BenchOptions bench, TextWriter output)
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
        using var http = Client(app.Urls.First(), started.FirstOperatorToken!);

        var user = await PostAsync(http, "/v1/users", new { name = "bench-user" });
        var userId = user.GetProperty("user").GetProperty("id").GetString();
        var log = new QuietLog(output);
        await using var car = await OnlineCarAsync(http, data, log);

        for (var i = 0; i < 200; i++)
        {
            await PostAsync(http, "/v1/keys", new { type = "renter", userId, vin = Vin });
        }

        var latencies = new double[bench.Keys];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, bench.Concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < bench.Keys)
            {
                var start = Stopwatch.GetTimestamp();
                await PostAsync(http, "/v1/keys", new { type = "renter", userId, vin = Vin });
                latencies[index] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }));
        clock.Stop();
        Array.Sort(latencies);
        output.WriteLine(
            $"  {storage,-10} {bench.Keys / clock.Elapsed.TotalSeconds,8:F0} keys/s   p50 {Percentiles.Of(latencies, 50),6:F2} ms   p99 {Percentiles.Of(latencies, 99),6:F2} ms   ({bench.Keys} keys in {clock.Elapsed.TotalSeconds:F2} s, device errors {log.Errors})");
        await app.StopAsync();
    }

    /// <summary>Provisions a T-BOX, boots it in the simulator (it binds the VIN and confirms epoch 1), and waits until keys can be issued for it.</summary>
    private static async Task<SimulatedTBox> OnlineCarAsync(HttpClient http, string data, QuietLog log)
    {
        var provisioned = await PostAsync(http, "/v1/devices", new { kind = "tbox", name = "bench-car" });
        var file = Path.Combine(data, "bench-car.conf");
        await File.WriteAllTextAsync(file, provisioned.GetProperty("boardConfig").GetString()!, Encoding.ASCII);
        var car = new SimulatedTBox(new SimulatedTBoxOptions { Config = BoardConfigFile.Read(file), Vin = Vin, Ble = false, Log = log });
        await car.StartAsync();
        var id = provisioned.GetProperty("device").GetProperty("id").GetString();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var device = await GetAsync(http, $"/v1/devices/{id}");
            if (device.GetProperty("device").GetProperty("epoch").GetUInt32() >= 1 && device.TryGetProperty("binding", out _))
            {
                return car;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the simulated car did not confirm its first epoch and bind its VIN within 60 s");
            }

            await Task.Delay(50);
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

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
