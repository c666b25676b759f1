using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ShareKey.Phone.Bridge;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;
using ShareKey.Simulator;
using ShareKey.Simulator.Devices;
using ShareKey.Simulator.Mqtt;

namespace ShareKey.Firmware.Benchmarks;

/// <summary>
/// Unlock round trips to a simulated T-BOX (the real controller behind the simulator's BLE bridge
/// server) from a phone on a <see cref="BridgeClient"/>: read the challenge, MAC and write the
/// Command, get the Result and check its MAC — one connection, many unlocks. The bridge is
/// loopback TCP, so this is the host path (sockets, async hand-offs, the controller), not BLE air
/// time. Not a BenchmarkDotNet job: a networked exchange has no meaningful per-op allocation and
/// its tail, not its mean, is the figure.
/// </summary>
public static class BridgeRoundTrip
{
    private const int WarmUpUnlocks = 200;

    /// <summary>Runs <paramref name="count"/> measured unlocks after a warm-up; returns 0, or 3 if the car logged an error.</summary>
    public static async Task<int> RunAsync(int count, TextWriter output)
    {
        var cloud = new BenchCloud();
        var log = new QuietLog(output);
        var closedPort = FreeLoopbackPort();
        await using var car = new SimulatedTBox(new SimulatedTBoxOptions
        {
            Config = cloud.Config(),
            Broker = new BrokerAddress("127.0.0.1", closedPort),
            Vin = BenchCloud.Vin,
            Imsi = BenchCloud.Imsi,
            Log = log,
        });
        await car.StartAsync();

        // The broker is unreachable, so the cloud's provisioning is handed to the controller as the MQTT link would hand it over.
        foreach (var frame in cloud.ProvisioningFrames())
        {
            car.Controller.MqttFrameReceived(frame, 0, frame.Length);
        }

        if (car.Status().ActiveEpoch != BenchCloud.Epoch)
        {
            throw new InvalidOperationException("the simulated car did not install the epoch key");
        }

        output.WriteLine($"unlock round trip over the BLE bridge: {count} unlocks after {WarmUpUnlocks} warm-up, one phone connection");
        output.WriteLine($"  simulated T-BOX (memory flash, MQTT pointed at closed port 127.0.0.1:{closedPort}: offline), bridge {car.BleEndPoint}");
        output.WriteLine("  NOTE: the bridge is loopback TCP; these are host figures, not BLE air time (one BLE connection interval alone is at least 7.5 ms)");

        var phone = new BenchPhone(cloud, BenchCloud.KeyId);
        await using var link = await BridgeClient.ConnectAsync(car.BleEndPoint!);
        link.RssiDbm = UnlockScenario.RssiDbm;
        for (var i = 0; i < WarmUpUnlocks; i++)
        {
            await UnlockAsync(link, phone);
        }

        var micros = new double[count];
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await UnlockAsync(link, phone);
            micros[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        wall.Stop();
        Array.Sort(micros);
        output.WriteLine("  per unlock (challenge read + command write -> result, 2 bridge round trips, phone MACs included):");
        output.WriteLine($"    p50 {Percentile(micros, 50):F0} µs   p99 {Percentile(micros, 99):F0} µs   max {micros[^1] / 1000:F2} ms   mean {micros.Average():F0} µs");
        output.WriteLine($"    {count / wall.Elapsed.TotalSeconds:F0} unlocks/s (sequential, one phone)   doors locked: {car.Relays.DoorsLocked}   car errors: {log.Errors}");
        return log.Errors == 0 ? 0 : 3;
    }

    private static async Task UnlockAsync(BridgeClient link, BenchPhone phone)
    {
        var challenge = await link.ReadChallengeAsync() ?? throw new InvalidOperationException("the car served no challenge");
        var result = phone.Read(await link.WriteCommandAsync(phone.Unlock(challenge)));
        if (result.Status != RefusalReason.Accepted)
        {
            throw new InvalidOperationException($"the car refused the unlock: {Names.Of(result.Status)}");
        }
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, int percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>A loopback port nobody listens on (bound and released), so the car's MQTT client is refused at once and the car stays offline.</summary>
    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
