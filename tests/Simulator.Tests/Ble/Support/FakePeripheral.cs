using System.Collections.Concurrent;
using ShareKey.BleBridge;
using ShareKey.Phone.Bridge;
using ShareKey.Simulator.Ble;

namespace ShareKey.Simulator.Tests.Ble.Support;

/// <summary>
/// A device behind the bridge that hands out numbered challenges ("C1", "C2", …) and answers each
/// command with "R:" + the command; it records RSSI samples and commands, and signals disconnects.
/// </summary>
public sealed class FakePeripheral : IGattPeripheral
{
    private readonly ConcurrentQueue<TaskCompletionSource> _disconnectWaiters = new();
    private int _challenges;

    public bool HasKey { get; set; } = true;

    /// <summary>Thrown from <see cref="WriteCommand"/> when set: a device fault.</summary>
    public Exception? Fault { get; set; }

    public ConcurrentQueue<int> Signals { get; } = new();

    public ConcurrentQueue<byte[]> Commands { get; } = new();

    public int Connects;

    public int Disconnects;

    /// <summary>Completes at the next disconnect.</summary>
    public Task NextDisconnect()
    {
        TaskCompletionSource waiter = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _disconnectWaiters.Enqueue(waiter);
        return waiter.Task;
    }

    public byte[]? Connected()
    {
        Interlocked.Increment(ref Connects);
        return Challenge();
    }

    public byte[]? ReadChallenge() => Challenge();

    public void Signal(int rssiDbm) => Signals.Enqueue(rssiDbm);

    public byte[] WriteCommand(byte[] frame)
    {
        if (Fault is not null)
        {
            throw Fault;
        }

        Commands.Enqueue(frame);
        return [(byte)'R', (byte)':', .. frame];
    }

    public void Disconnected()
    {
        Interlocked.Increment(ref Disconnects);
        while (_disconnectWaiters.TryDequeue(out TaskCompletionSource? waiter))
        {
            waiter.SetResult();
        }
    }

    private byte[]? Challenge() => HasKey ? System.Text.Encoding.ASCII.GetBytes($"C{Interlocked.Increment(ref _challenges)}") : null;
}
