using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Hosting;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Storage;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;

namespace ShareKey.KeyService.Benchmarks;

/// <summary>
/// Device events to webhook deliveries: D devices, each with its own owner (an owner key) and that
/// owner's webhook endpoint on a receiver in this process (Kestrel on loopback, checking every
/// signature). Events are written the way the gateway stores a decoded Event batch (one session per
/// batch), at a fleet's rate or all at once; the pipeline derives a device.unlocked per event and the
/// sender POSTs it. Measured: deliveries per second, and the latency from the event being stored to
/// its webhook arriving (p50, p99). The MQTT leg before it is what the fleet benchmark measures.
/// </summary>
public static class NotificationBenchmark
{
    public static async Task RunAsync(BenchOptions bench, TextWriter output)
    {
        var data = Directory.CreateTempSubdirectory("sharekey-bench-notify-").FullName;
        var options = new ServiceOptions { DataDirectory = data, InstanceName = "bench" };
        options.Broker.Port = 0;
        options.Broker.PlainMqtt = true;
        options.Broker.PublicHost = "127.0.0.1";
        options.Notifications.Webhooks.AllowHttp = true;
        options.Notifications.Webhooks.AllowPrivateNetworks = true;
        var started = await ServiceApp.BuildAsync(options, "http://127.0.0.1:0", TextWriter.Null, web => web.Logging.SetMinimumLevel(LogLevel.Warning));
        await using var app = started.App;
        await app.StartAsync();
        using var http = KeyIssueBenchmark.Client(app.Urls.First(), started.FirstOperatorToken!);
        var store = app.Services.GetRequiredService<IKeyStore>();

        var sentAt = new ConcurrentDictionary<uint, long>();
        var latencies = new ConcurrentBag<double>();
        var secrets = new ConcurrentDictionary<string, string>();
        var bad = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await ReceiverAsync(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var owner = (string)context.Request.RouteValues["owner"]!;
            if (!secrets.TryGetValue(owner, out var secret) || !WebhookSignature.Verify(
                secret, context.Request.Headers[WebhookSignature.TimestampHeader], context.Request.Headers[WebhookSignature.SignatureHeader], body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)))
            {
                Interlocked.Increment(ref bad);
                context.Response.StatusCode = 401;
                return;
            }

            // The event's device time carries its sequence number: the key to when it was stored.
            var deviceTime = JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("deviceTime").GetDateTimeOffset();
            if (sentAt.TryRemove((uint)deviceTime.ToUnixTimeSeconds(), out var stored))
            {
                latencies.Add(Stopwatch.GetElapsedTime(stored).TotalMilliseconds);
                if (latencies.Count == bench.NotifyEvents)
                {
                    done.TrySetResult();
                }
            }
        });

        var devices = new List<ulong>();
        for (var i = 0; i < bench.NotifyDevices; i++)
        {
            var owner = await KeyIssueBenchmark.PostAsync(http, "/v1/users", new { name = $"owner-{i}" });
            var ownerId = Ids.Parse(owner.GetProperty("user").GetProperty("id").GetString()!, "user");
            using var ownerHttp = KeyIssueBenchmark.Client(app.Urls.First(), owner.GetProperty("token").GetString()!);
            var registered = await KeyIssueBenchmark.PostAsync(ownerHttp, "/v1/webhooks", new { url = $"{receiver.Urls.First()}/hook/{i}", types = new[] { "device.unlocked" } });
            secrets[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = registered.GetProperty("secret").GetString()!;
            var device = await KeyIssueBenchmark.PostAsync(http, "/v1/devices", new { kind = "parking-lock", name = $"lock-{i}" });
            var deviceId = Ids.Parse(device.GetProperty("device").GetProperty("id").GetString()!, "device");
            devices.Add(deviceId);

            // The owner key written straight to the store: these locks never come online to confirm an epoch.
            var now = DateTimeOffset.UtcNow;
            await using var session = await store.BeginAsync(CancellationToken.None);
            await session.Keys.InsertAsync(new VirtualKey(Ids.NewId(), deviceId, ownerId, KeyType.Owner, KeyTypes.PermissionsOf(KeyType.Owner), TokenFlags.None, 1, 0, uint.MaxValue, 0, 0, KeyState.Active, null, now, now), CancellationToken.None);
            await session.CommitAsync(CancellationToken.None);
        }

        // Batches as the gateway applies them: every 10 ms at a rate, or 256 at a time all at once.
        var perBatch = bench.NotifyRate == 0 ? 256 : Math.Max(1, bench.NotifyRate / 100);
        var clock = Stopwatch.StartNew();
        uint sequence = 1_000_000;
        for (var sent = 0; sent < bench.NotifyEvents; sent += perBatch)
        {
            var batch = Enumerable.Range(0, Math.Min(perBatch, bench.NotifyEvents - sent))
                .Select(j => new DeviceEvent(0, devices[(sent + j) % devices.Count], EventKind.Unlocked, sequence++, 0, 1, 0, DateTimeOffset.UtcNow))
                .ToList();
            await using (var session = await store.BeginAsync(CancellationToken.None))
            {
                await session.Reports.AddEventsAsync(batch, CancellationToken.None);
                await session.CommitAsync(CancellationToken.None);
            }

            var stamp = Stopwatch.GetTimestamp();
            foreach (var e in batch)
            {
                sentAt[e.DeviceTime] = stamp;
            }

            if (bench.NotifyRate > 0)
            {
                var due = TimeSpan.FromSeconds((double)(sent + batch.Count) / bench.NotifyRate) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }
            }
        }

        var generated = clock.Elapsed;
        await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromMinutes(5)));
        clock.Stop();
        var sorted = latencies.OrderBy(ms => ms).ToList();
        output.WriteLine(
            $"notifications: {bench.NotifyEvents} device events over {bench.NotifyDevices} devices/owners/endpoints, " +
            $"{(bench.NotifyRate == 0 ? "all at once" : $"{bench.NotifyRate}/s")}, {Environment.ProcessorCount} cores, sqlite");
        output.WriteLine(
            $"  {sorted.Count / clock.Elapsed.TotalSeconds,8:F0} deliveries/s   event stored → webhook p50 {Percentiles.Of(sorted, 50),7:F1} ms   p99 {Percentiles.Of(sorted, 99),7:F1} ms   " +
            $"({sorted.Count} of {bench.NotifyEvents} delivered in {clock.Elapsed.TotalSeconds:F2} s, events written in {generated.TotalSeconds:F2} s, bad signatures {bad})");
        await app.StopAsync();
    }

    private static async Task<WebApplication> ReceiverAsync(RequestDelegate handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = builder.Build();
        receiver.MapPost("/hook/{owner}", handle);
        await receiver.StartAsync();
        return receiver;
    }
}
