using ShareKey.Protocol.Messages;

namespace ShareKey.Simulator.Tests.Support;

/// <summary>Every up message the cloud received, by device, in arrival order; tests wait on it for what they expect.</summary>
public sealed class UpInbox
{
    private readonly object _gate = new();
    private readonly List<(ulong Device, Message Message)> _messages = [];
    private readonly List<Action> _waiters = [];

    public void Add(ulong device, Message message)
    {
        Action[] waiters;
        lock (_gate)
        {
            _messages.Add((device, message));
            waiters = [.. _waiters];
        }

        foreach (Action waiter in waiters)
        {
            waiter();
        }
    }

    /// <summary>The messages of type <typeparamref name="T"/> from <paramref name="device"/> received so far that match.</summary>
    public List<T> All<T>(ulong device, Func<T, bool>? match = null)
        where T : Message
    {
        lock (_gate)
        {
            return _messages.Where(m => m.Device == device).Select(m => m.Message).OfType<T>().Where(m => match?.Invoke(m) ?? true).ToList();
        }
    }

    /// <summary>Waits until <paramref name="count"/> matching messages have arrived (counting those already here) and returns them.</summary>
    public async Task<List<T>> WaitAsync<T>(ulong device, Func<T, bool>? match = null, int count = 1)
        where T : Message
    {
        TaskCompletionSource<List<T>> done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Action check = () =>
        {
            List<T> found = All(device, match);
            if (found.Count >= count)
            {
                done.TrySetResult(found);
            }
        };
        lock (_gate)
        {
            _waiters.Add(check);
        }

        try
        {
            check();
            return await done.Task.WaitAsync(TestTimeouts.Signal);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"waited {TestTimeouts.Signal} for {count} {typeof(T).Name} from {device:x16}; got {All(device, match).Count}");
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(check);
            }
        }
    }

    public async Task<T> NextAsync<T>(ulong device, Func<T, bool>? match = null)
        where T : Message => (await WaitAsync(device, match)).First();
}
