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
/// <para>
/// A batch may let the next one start before it ends, by calling the action it is given once all that is
/// left of it is a wait (its commit): the next batch then starts as soon as at least half as many requests
/// are queued as it took (fewer wait for it to end, rather than pay a batch's fixed cost for a few), and
/// at most one batch so ends behind each one running.
/// </para>
/// </summary>
public sealed class RequestBatcher<TAsk, TResult>(Func<IReadOnlyList<TAsk>, Action, Task<IReadOnlyList<TResult>>> runBatch, int batchesAtOnce, int largestBatch)
{
    private readonly Queue<Pending> queued = new();
    private int running;

    // Completed by the next request queued, for a lane waiting for enough to start its next batch early.
    private TaskCompletionSource queuedMore = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TResult> RunAsync(TAsk ask, CancellationToken cancellationToken)
    {
        var pending = new Pending(ask, cancellationToken);
        bool start;
        lock (queued)
        {
            queued.Enqueue(pending);
            queuedMore.TrySetResult();
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

    /// <summary>Runs batches until the queue is empty and its last batch has ended (the last to stop leaves nothing queued behind).</summary>
    private async Task RunQueuedAsync()
    {
        Task? ending = null;
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

                if (batch.Count == 0 && ending is null)
                {
                    running--;
                    return;
                }
            }

            if (batch.Count == 0)
            {
                await ending!;
                ending = null;
                continue;
            }

            var letGo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var run = RunBatchAsync(batch, () => letGo.TrySetResult());
            await Task.WhenAny(run, letGo.Task);
            await UntilHalfAsManyQueuedAsync(run, batch.Count);
            if (ending is not null)
            {
                await ending;
            }

            ending = run;
        }
    }

    /// <summary>Until <paramref name="run"/> ends or at least half of <paramref name="taken"/> requests are queued.</summary>
    private async Task UntilHalfAsManyQueuedAsync(Task run, int taken)
    {
        while (true)
        {
            Task more;
            lock (queued)
            {
                if (run.IsCompleted || queued.Count * 2 >= taken)
                {
                    return;
                }

                if (queuedMore.Task.IsCompleted)
                {
                    queuedMore = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                more = queuedMore.Task;
            }

            await Task.WhenAny(run, more);
        }
    }

    /// <summary>Runs one batch and answers its requests; never throws (a failure is each request's answer).</summary>
    private async Task RunBatchAsync(List<Pending> batch, Action letGo)
    {
        try
        {
            var results = await runBatch([.. batch.Select(pending => pending.Ask)], letGo);
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

    private sealed record Pending(TAsk Ask, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<TResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
