using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>
/// Storage/RequestBatcher.cs on its own: which asks go together, and when. Each batch below is held open
/// by the test until it lets it finish, so what queues behind it is known, not timed.
/// </summary>
public sealed class RequestBatcherTests : IDisposable
{
    // A batch never let go fails the test instead of the run.
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30));

    private CancellationToken Ct => timeout.Token;

    public void Dispose() => timeout.Dispose();

    [Fact]
    public async Task A_lone_ask_runs_at_once_in_a_batch_of_its_own()
    {
        var batches = new Batches(hold: false, Ct);
        var group = new RequestBatcher<int, int>(batches.RunAsync, batchesAtOnce: 2, largestBatch: 8);

        Assert.Equal(70, await group.RunAsync(7, Ct));
        Assert.Equal([[7]], batches.Seen);
    }

    [Fact]
    public async Task Asks_that_arrive_while_a_batch_runs_go_together_next_in_arrival_order_at_most_the_largest_batch_each()
    {
        var batches = new Batches(hold: true, Ct);
        var group = new RequestBatcher<int, int>(batches.RunAsync, batchesAtOnce: 1, largestBatch: 3);

        var first = group.RunAsync(1, Ct);
        await batches.StartedAsync(1);
        var queued = Enumerable.Range(2, 5).Select(ask => group.RunAsync(ask, Ct)).ToList();
        Assert.All(queued, task => Assert.False(task.IsCompleted));

        batches.Release();

        Assert.Equal(10, await first);
        Assert.Equal(new[] { 20, 30, 40, 50, 60 }, await Task.WhenAll(queued));
        Assert.Equal([[1], [2, 3, 4], [5, 6]], batches.Seen);
    }

    [Fact]
    public async Task No_more_batches_than_allowed_run_at_once()
    {
        var batches = new Batches(hold: true, Ct);
        var group = new RequestBatcher<int, int>(batches.RunAsync, batchesAtOnce: 2, largestBatch: 8);

        var one = group.RunAsync(1, Ct);
        await batches.StartedAsync(1);
        var two = group.RunAsync(2, Ct);
        await batches.StartedAsync(2);
        var three = group.RunAsync(3, Ct);

        // Both runners are held inside their batches, so nothing can have taken the third ask.
        Assert.Equal(2, batches.Seen.Count);
        Assert.False(three.IsCompleted);

        batches.Release();
        Assert.Equal(new[] { 10, 20, 30 }, await Task.WhenAll(one, two, three));
        Assert.Equal([[1], [2], [3]], batches.Seen);
    }

    [Fact]
    public async Task A_batch_that_fails_fails_each_of_its_asks_and_the_next_batch_runs_as_usual()
    {
        var batches = new Batches(hold: true, Ct) { FailWhen = batch => batch.Contains(2) };
        var group = new RequestBatcher<int, int>(batches.RunAsync, batchesAtOnce: 1, largestBatch: 2);

        var first = group.RunAsync(1, Ct);
        await batches.StartedAsync(1);
        var failing = new[] { group.RunAsync(2, Ct), group.RunAsync(3, Ct) };
        var after = group.RunAsync(4, Ct);
        batches.Release();

        Assert.Equal(10, await first);
        foreach (var task in failing)
        {
            Assert.Equal("batch [2, 3] failed", (await Assert.ThrowsAsync<InvalidOperationException>(() => task)).Message);
        }

        Assert.Equal(40, await after);
    }

    [Fact]
    public async Task An_ask_whose_caller_gave_up_before_its_batch_began_is_left_out()
    {
        var batches = new Batches(hold: true, Ct);
        var group = new RequestBatcher<int, int>(batches.RunAsync, batchesAtOnce: 1, largestBatch: 8);
        using var givenUp = new CancellationTokenSource();

        var first = group.RunAsync(1, Ct);
        await batches.StartedAsync(1);
        var abandoned = group.RunAsync(2, givenUp.Token);
        var kept = group.RunAsync(3, Ct);
        await givenUp.CancelAsync();
        batches.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal(new[] { 10, 30 }, await Task.WhenAll(first, kept));
        Assert.Equal([[1], [3]], batches.Seen);
    }

    [Fact]
    public async Task A_batch_that_lets_go_lets_the_next_start_before_it_ends_and_at_most_one_ends_behind_the_one_running()
    {
        var batches = new Batches(hold: true, Ct) { LetGoWhen = _ => true };
        var group = new RequestBatcher<int, int>(batches.RunAsync, batchesAtOnce: 1, largestBatch: 8);

        var first = group.RunAsync(1, Ct);
        await batches.StartedAsync(1);
        var second = group.RunAsync(2, Ct);
        await batches.StartedAsync(2);
        Assert.False(first.IsCompleted);

        // [2] has let go too, but [1] has not ended: [3] waits, though [2] ends.
        var third = group.RunAsync(3, Ct);
        batches.Release(1);
        Assert.Equal(20, await second);
        Assert.Equal([[1], [2]], batches.Seen);

        batches.Release(0);
        Assert.Equal(10, await first);
        await batches.StartedAsync(3);
        batches.Release();
        Assert.Equal(30, await third);
        Assert.Equal([[1], [2], [3]], batches.Seen);
    }

    [Fact]
    public async Task After_a_batch_lets_go_the_next_waits_for_half_as_many_requests_as_it_took()
    {
        var batches = new Batches(hold: true, Ct);
        var group = new RequestBatcher<int, int>(batches.RunAsync, batchesAtOnce: 1, largestBatch: 8);

        var first = group.RunAsync(1, Ct);
        await batches.StartedAsync(1);
        var four = Enumerable.Range(2, 4).Select(ask => group.RunAsync(ask, Ct)).ToList();
        batches.Release(0);
        await batches.StartedAsync(2);

        // [2, 3, 4, 5] lets go with one request queued, fewer than half of four: the lane waits. The delay only gives
        // a lane that would not wait the time to start [6] and fail the test.
        var sixth = group.RunAsync(6, Ct);
        batches.LetGo(1);
        await Task.WhenAny(batches.StartedAsync(3), Task.Delay(TimeSpan.FromMilliseconds(200), Ct));
        Assert.Equal(2, batches.Seen.Count);

        var seventh = group.RunAsync(7, Ct);
        await batches.StartedAsync(3);
        Assert.All(four, task => Assert.False(task.IsCompleted));
        Assert.Equal([[1], [2, 3, 4, 5], [6, 7]], batches.Seen);

        batches.Release();
        Assert.Equal(new[] { 10, 20, 30, 40, 50, 60, 70 }, await Task.WhenAll([first, .. four, sixth, seventh]));
    }

    /// <summary>
    /// A batch runner that answers ask × 10 and records each batch; with hold, keeps each batch open until it
    /// (by its index) or every batch is released; a batch <see cref="LetGoWhen"/> picks lets go as it begins, another
    /// when the test says (<see cref="LetGo"/>).
    /// </summary>
    private sealed class Batches(bool hold, CancellationToken cancellationToken)
    {
        private readonly TaskCompletionSource allReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<TaskCompletionSource> released = [];
        private readonly List<Action> letGoes = [];
        private readonly List<int[]> seen = [];
        private readonly Dictionary<int, TaskCompletionSource> startedCount = [];

        public Func<int[], bool> FailWhen { get; init; } = _ => false;

        public Func<int[], bool> LetGoWhen { get; init; } = _ => false;

        public List<int[]> Seen
        {
            get
            {
                lock (seen)
                {
                    return [.. seen];
                }
            }
        }

        public async Task<IReadOnlyList<int>> RunAsync(IReadOnlyList<int> asks, Action letGo)
        {
            int[] batch = [.. asks];
            Task ownRelease;
            lock (seen)
            {
                seen.Add(batch);
                released.Add(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                letGoes.Add(letGo);
                ownRelease = released[^1].Task;
                StartedCount(seen.Count).TrySetResult();
            }

            if (LetGoWhen(batch))
            {
                letGo();
            }

            if (hold)
            {
                await Task.WhenAny(ownRelease, allReleased.Task).WaitAsync(cancellationToken);
            }

            return FailWhen(batch)
                ? throw new InvalidOperationException($"batch [{string.Join(", ", batch)}] failed")
                : [.. batch.Select(ask => ask * 10)];
        }

        /// <summary>Until the <paramref name="count"/>-th batch has begun.</summary>
        public Task StartedAsync(int count)
        {
            lock (seen)
            {
                return StartedCount(count).Task.WaitAsync(cancellationToken);
            }
        }

        // Called under the lock on seen.
        private TaskCompletionSource StartedCount(int count)
        {
            if (!startedCount.TryGetValue(count, out var started))
            {
                started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                startedCount[count] = started;
            }

            return started;
        }

        public void Release() => allReleased.TrySetResult();

        /// <summary>Lets go, for the batch that began <paramref name="index"/>-th (from 0), as it might before its commit.</summary>
        public void LetGo(int index)
        {
            Action letGo;
            lock (seen)
            {
                letGo = letGoes[index];
            }

            letGo();
        }

        /// <summary>Lets the batch that began <paramref name="index"/>-th (from 0) end.</summary>
        public void Release(int index)
        {
            lock (seen)
            {
                released[index].TrySetResult();
            }
        }
    }
}
