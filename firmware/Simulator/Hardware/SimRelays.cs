using ShareKey.Firmware.TBox.Hardware;

namespace ShareKey.Simulator.Hardware;

/// <summary>
/// The car's door lock, immobiliser and charge-inlet lock outputs, observable: current levels, every switch logged,
/// and <see cref="WaitForAsync"/> for whoever needs to see the car react.
/// </summary>
public sealed class SimRelays(Action<string> log) : IRelays
{
    private readonly object _gate = new();
    private readonly List<(Func<SimRelays, bool> Condition, TaskCompletionSource Done)> _waiters = [];

    /// <summary>Null until the logic first sets the output.</summary>
    public bool? DoorsLocked { get; private set; }

    public bool? ImmobiliserEngaged { get; private set; }

    public bool? ChargeInletLocked { get; private set; }

    /// <summary>Raised after every switch, on the caller's thread (with the device logic's lock held: do not call back into it).</summary>
    public event Action<SimRelays>? Changed;

    public void SetDoorsLocked(bool locked)
    {
        Update(() => DoorsLocked = locked);
        log(locked ? "relay: doors LOCKED" : "relay: doors UNLOCKED");
    }

    public void SetImmobiliserEngaged(bool engaged)
    {
        Update(() => ImmobiliserEngaged = engaged);
        log(engaged ? "relay: immobiliser ENGAGED" : "relay: immobiliser released");
    }

    public void SetChargeInletLocked(bool locked)
    {
        Update(() => ChargeInletLocked = locked);
        log(locked ? "relay: charge inlet LOCKED" : "relay: charge inlet released");
    }

    /// <summary>Completes once <paramref name="condition"/> holds (at once if it already does).</summary>
    public Task WaitForAsync(Func<SimRelays, bool> condition, CancellationToken cancellationToken = default)
    {
        TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (condition(this))
            {
                return Task.CompletedTask;
            }

            _waiters.Add((condition, done));
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    private void Update(Action change)
    {
        lock (_gate)
        {
            change();
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Condition(this))
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }

        Changed?.Invoke(this);
    }
}
