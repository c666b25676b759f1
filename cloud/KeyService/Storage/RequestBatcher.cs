namespace ShareKey.KeyService.Storage;

/// <summary>
/// Requests that arrive while others of their kind are being served share one store session: issuing
/// keys, one lock statement, one read, one insert and one commit (one WAL flush) for the lot instead of
/// each; checking tokens, one lookup. A request that finds fewer than <paramref name="batchesAtOnce"/>
/// batches running starts one at once, so a lone request waits for nothing; only under load do requests
/// queue, and the next batch takes every one queued (at most <paramref name="largestBatch"/>), in arrival
/// order. A batch begins after each of its requests arrived, so it sees every commit made before them.
/// <para>
/// <paramref name="runBatch"/> answers each ask of a batch, in order; if it throws, every ask of
/// the batch gets that failure. A request whose caller gave up before its batch began is left out.
/// </para>
/// </summary>
public sealed class RequestBatcher<TAsk, TResult>(Func<IReadOnlyList<TAsk>, Task<IReadOnlyList<TResult>>> runBatch, int batchesAtOnce, int largestBatch)
{
    private readonly Queue<Pending> queued = new();
    private int running;

    public Task<TResult> RunAsync(TAsk ask, CancellationToken cancellationToken)
    {
        var pending = new Pending(ask, cancellationToken);
        bool start;
        lock (queued)
        {
            queued.Enqueue(pending);
            start = running < batchesAtOnce;
            if (start)
            {
                running++;
            }
        }

        if (start)
        {
            // Off the caller's own await: a batch it starts may go on to serve requests queued after its own.
            _ = Task.Run(RunQueuedAsync, CancellationToken.None);
        }

        return pending.Result.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Runs batches until the queue is empty, then stops (the last to stop leaves nothing queued behind).</summary>
    private async Task RunQueuedAsync()
    {
        while (true)
        {
            var batch = new List<Pending>();
            lock (queued)
            {
                while (batch.Count < largestBatch && queued.TryDequeue(out var next))
                {
                    if (next.CancellationToken.IsCancellationRequested)
                    {
                        next.Result.TrySetCanceled(next.CancellationToken);
                    }
                    else
                    {
                        batch.Add(next);
                    }
                }

                if (batch.Count == 0)
                {
                    running--;
                    return;
                }
            }

            try
            {
                var results = await runBatch([.. batch.Select(pending => pending.Ask)]);
                if (results.Count != batch.Count)
                {
                    throw new InvalidOperationException($"A batch of {batch.Count} asks gave {results.Count} results.");
                }

                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Result.TrySetResult(results[i]);
                }
            }
            catch (Exception failure)
            {
                foreach (var pending in batch)
                {
                    pending.Result.TrySetException(failure);
                }
            }
        }
    }

    private sealed record Pending(TAsk Ask, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<TResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
