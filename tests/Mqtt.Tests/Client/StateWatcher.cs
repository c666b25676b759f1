using System.Collections.Concurrent;
using ShareKey.Mqtt.Client;

namespace ShareKey.Mqtt.Tests.Client;

/// <summary>Records a client's state changes so a test can wait for one.</summary>
internal sealed class StateWatcher
{
    private readonly ConcurrentQueue<MqttClientStateChangedEventArgs> _changes = new();
    private readonly SemaphoreSlim _changed = new(0);

    public StateWatcher(MqttClient client) =>
        client.StateChanged += (_, change) =>
        {
            _changes.Enqueue(change);
            _changed.Release();
        };

    /// <summary>Waits for the next change to <paramref name="state"/> and returns it (with its reason).</summary>
    public async Task<MqttClientStateChangedEventArgs> NextAsync(MqttClientState state)
    {
        using var deadline = new CancellationTokenSource(Signals.Timeout);
        while (true)
        {
            await _changed.WaitAsync(deadline.Token);
            if (_changes.TryDequeue(out var change) && change.State == state)
            {
                return change;
            }
        }
    }
}
