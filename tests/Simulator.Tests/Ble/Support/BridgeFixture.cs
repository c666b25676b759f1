using System.Collections.Concurrent;
using ShareKey.BleBridge;
using ShareKey.Phone.Bridge;
using ShareKey.Simulator.Ble;

namespace ShareKey.Simulator.Tests.Ble.Support;

/// <summary>
/// A started server over a <see cref="FakePeripheral"/>, with its log collected. Disposing it stops
/// the server and fails the test if the server logged an error (a device fault) the test did not expect.
/// </summary>
public sealed class BridgeFixture : IAsyncDisposable
{
    public BridgeFixture(TimeSpan? idleTimeout = null)
    {
        Server = new BridgeServer(Peripheral, new BridgeServerOptions
        {
            IdleTimeout = idleTimeout ?? TimeSpan.FromSeconds(30),
            Log = (level, message) => Log.Enqueue((level, message)),
        });
        Server.Start();
    }

    public FakePeripheral Peripheral { get; } = new();

    public BridgeServer Server { get; }

    public ConcurrentQueue<(BridgeLogLevel Level, string Message)> Log { get; } = new();

    public bool ErrorsExpected { get; set; }

    public Task<BridgeClient> ConnectAsync() => BridgeClient.ConnectAsync(Server.EndPoint);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (!ErrorsExpected)
        {
            Assert.DoesNotContain(Log, entry => entry.Level == BridgeLogLevel.Error);
        }
    }
}
