namespace ShareKey.Simulator.Devices;

/// <summary>
/// Many simulated T-BOXes in one process, started and stopped together — for the console's
/// several <c>--config</c> files and for fleet tests and benchmarks. Starting is bounded so
/// thousands of devices do not all dial the broker in the same instant.
/// </summary>
public sealed class Fleet(IReadOnlyList<SimulatedTBox> devices) : IAsyncDisposable
{
    public IReadOnlyList<SimulatedTBox> Devices { get; } = devices;

    /// <summary>Boots every device; with <paramref name="waitOnline"/>, returns only when all are connected and subscribed.</summary>
    public async Task StartAsync(bool waitOnline = false, int maxConcurrentStarts = 64, CancellationToken cancellationToken = default)
    {
        await Parallel.ForEachAsync(
            Devices,
            new ParallelOptions { MaxDegreeOfParallelism = maxConcurrentStarts, CancellationToken = cancellationToken },
            async (device, token) =>
            {
                await device.StartAsync();
                if (waitOnline)
                {
                    await device.Online.WaitAsync(token);
                }
            });
    }

    public async Task StopAsync()
    {
        await Parallel.ForEachAsync(Devices, async (device, _) => await device.StopAsync());
    }

    public SimulatedTBox this[ulong deviceId] => Devices.First(d => d.DeviceId == deviceId);

    public async ValueTask DisposeAsync() => await StopAsync();
}
