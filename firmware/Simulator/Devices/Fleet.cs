namespace ShareKey.Simulator.Devices;

/// <summary>
/// Many simulated devices (T-BOXes and parking locks) in one process, started and stopped together — for the console's
/// several <c>--config</c> files and for fleet tests and benchmarks. Starting is bounded so
/// thousands of devices do not all dial the broker in the same instant.
/// </summary>
public sealed class Fleet(IReadOnlyList<ISimulatedDevice> devices) : IAsyncDisposable
{
    public IReadOnlyList<ISimulatedDevice> Devices { get; } = devices;

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

    public ISimulatedDevice this[ulong deviceId] => Devices.First(d => d.DeviceId == deviceId);

    public async ValueTask DisposeAsync() => await StopAsync();
}
