using System.Collections.Concurrent;
using ShareKey.BleBridge;
using ShareKey.Phone.Bridge;
using ShareKey.Simulator.Ble;

namespace ShareKey.Simulator.Tests.Ble.Support;

/// <summary>
/// A started server over a <see cref="FakePeripheral"/>, with its log collected, in a test environment of
/// its own. Disposing it stops the server and fails the test if the server logged an error (a device fault)
/// the test did not declare, or a task exception went unobserved.
/// </summary>
public sealed class BridgeFixture : IAsyncDisposable
{
    /// <summary>The category of the server's errors, for <see cref="TestEnvironment.ExpectError(string, string)"/>.</summary>
    public static readonly string ServerCategory = typeof(BridgeServer).FullName!;

    public BridgeFixture(TimeSpan? idleTimeout = null)
    {
        Server = new BridgeServer(Peripheral, new BridgeServerOptions
        {
            IdleTimeout = idleTimeout ?? TimeSpan.FromSeconds(30),
            Log = (level, message) =>
            {
                Log.Enqueue((level, message));
                if (level == BridgeLogLevel.Error)
                {
                    Environment.ReportError(ServerCategory, message);
                }
            },
        });
        Server.Start();
    }

    /// <summary>The test's environment: where a test declares the server errors it provokes.</summary>
    public TestEnvironment Environment { get; } = new();

    public FakePeripheral Peripheral { get; } = new();

    public BridgeServer Server { get; }

    public ConcurrentQueue<(BridgeLogLevel Level, string Message)> Log { get; } = new();

    public Task<BridgeClient> ConnectAsync() => BridgeClient.ConnectAsync(Server.EndPoint);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Server.DisposeAsync();
        }
        finally
        {
            await Environment.DisposeAsync();
        }
    }
}
