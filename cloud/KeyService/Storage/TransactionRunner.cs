namespace ShareKey.KeyService.Storage;

/// <summary>
/// Runs a unit of work as one store transaction and commits it. This is the one place a transaction
/// is run again: when the database undoes it for colliding with another
/// (<see cref="TransientStoreException"/>: deadlock, serialization failure, SQLite busy), the whole
/// unit runs again in a new session after a jittered wait, at most <see cref="TransactionRetry.MaxAttempts"/>
/// times; then the last failure goes to the caller, saying so. Any other failure goes to the caller at once.
/// <para>
/// So a unit of work must be exactly a transaction: it reads and writes only through its session,
/// builds its result afresh on each run, and leaves what reaches outside the store (MQTT sends,
/// receipts) to the caller, which does it from the result once this returns — after the commit.
/// </para>
/// </summary>
public sealed class TransactionRunner(IKeyStore store, TransactionRetry retry, IStoreRetryObserver observer, ILogger<TransactionRunner> logger)
{
    /// <summary>Runs <paramref name="work"/> (named <paramref name="what"/> in logs) and commits; returns what it returned on the run that committed.</summary>
    public async Task<T> RunAsync<T>(string what, Func<IStoreSession, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Disposed, so rolled back, before any catch below runs.
                await using var session = await store.BeginAsync(cancellationToken);
                var result = await work(session);
                await session.CommitAsync(cancellationToken);
                return result;
            }
            catch (TransientStoreException collision) when (attempt < retry.MaxAttempts)
            {
                var delay = retry.DelayBefore(attempt + 1);
                observer.Retrying(collision.Reason);
                logger.LogWarning(
                    "{Work}: the database undid the transaction ({Reason}); running it again in {Delay} ms (run {Next} of {Max})",
                    what, collision.Reason, (int)delay.TotalMilliseconds, attempt + 1, retry.MaxAttempts);
                await Task.Delay(delay, cancellationToken);
            }
            catch (TransientStoreException collision)
            {
                observer.GaveUp(collision.Reason);
                throw new TransientStoreException(
                    collision.Reason,
                    $"{what}: the database undid the transaction {attempt} times in a row ({collision.Reason}), the most allowed; gave up. Last: {collision.InnerException?.Message}",
                    collision);
            }
        }
    }

    /// <inheritdoc cref="RunAsync{T}(string, Func{IStoreSession, Task{T}}, CancellationToken)"/>
    public Task RunAsync(string what, Func<IStoreSession, Task> work, CancellationToken cancellationToken) =>
        RunAsync(what, async session =>
        {
            await work(session);
            return true;
        }, cancellationToken);
}
