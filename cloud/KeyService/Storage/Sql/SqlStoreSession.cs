using System.Data.Common;

namespace ShareKey.KeyService.Storage.Sql;

/// <summary>One transaction; the tables are thin statement sets over it.</summary>
internal sealed class SqlStoreSession(SqlDialect dialect, SqlConnectionLease lease) : IStoreSession
{
    private const string ConflictSavepoint = "sharekey_conflict";

    private readonly Dictionary<Type, object> tables = [];

    // Writes waiting to go with the commit (or before the session's next statement), PostgreSQL only.
    private readonly List<(string Sql, (string Name, object? Value)[] Arguments)> withCommit = [];

    // Writes sent only with the commit, after every other (ExecuteAtCommitAsync), PostgreSQL only.
    private readonly List<(string Sql, (string Name, object? Value)[] Arguments)> atCommit = [];
    private readonly List<Action> onCommitted = [];
    private bool disposed;

    public SqlDialect Dialect => dialect;

    public int Statements { get; private set; }

    /// <summary>Times this session called the database: one per statement, or one for a batch sent together (on PostgreSQL, round trips).</summary>
    public int RoundTrips { get; private set; }

    /// <summary>The device rows this session locked, kept to the store's one lock order.</summary>
    public DeviceLocks DeviceLocks { get; } = new();

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (lease.Transaction is null)
        {
            // A PostgreSQL read session: each statement already ended with its own transaction.
            return;
        }

        try
        {
            if (withCommit.Count > 0 || atCommit.Count > 0)
            {
                // The COMMIT rides in the batch: one round trip for the writes and the commit. A
                // failed write skips the rest of the batch, COMMIT included, so nothing is kept.
                await SendWithCommitAsync(andCommit: true, cancellationToken);
            }
            else
            {
                await lease.Transaction.CommitAsync(cancellationToken);
            }
        }
        catch (DbException e) when (dialect.TransientReason(e) is { } reason)
        {
            throw Transient(reason, e);
        }

        foreach (var action in onCommitted)
        {
            action();
        }

        onCommitted.Clear();
    }

    public void OnCommitted(Action action) => onCommitted.Add(action);

    /// <summary>
    /// A write that no statement of the session reads (a running total), sent only with the commit, after the
    /// session's other writes: on PostgreSQL the lock it takes on its row is held only while the session commits,
    /// so sessions side by side that add to the same total do not wait on one another for the rest of their work.
    /// SQLite, whose write sessions run one at a time, runs it now.
    /// </summary>
    public Task ExecuteAtCommitAsync(string sql, (string Name, object? Value)[] arguments, CancellationToken cancellationToken) =>
        DeferAsync(atCommit, sql, arguments, cancellationToken);

    /// <summary>
    /// A write nothing in the session waits on (no rows to read, no count to check, no unique rule it
    /// may meet but by a bug), sent with the commit: on PostgreSQL, in one round trip with the COMMIT
    /// and any other such write, or before the session's next statement, which must see it; SQLite,
    /// which has no round trips to save, runs it now. Its failure fails the commit (or that next
    /// statement), so nothing of the session is kept.
    /// </summary>
    public Task ExecuteWithCommitAsync(string sql, (string Name, object? Value)[] arguments, CancellationToken cancellationToken) =>
        DeferAsync(withCommit, sql, arguments, cancellationToken);

    /// <summary>Keeps a write in <paramref name="deferred"/> where the provider batches statements (PostgreSQL); runs it now elsewhere.</summary>
    private async Task DeferAsync(List<(string Sql, (string Name, object? Value)[] Arguments)> deferred, string sql, (string Name, object? Value)[] arguments, CancellationToken cancellationToken)
    {
        if (!dialect.SendsWritesWithCommit)
        {
            await ExecuteAsync(sql, arguments, cancellationToken);
            return;
        }

        if (lease.Transaction is null)
        {
            throw new InvalidOperationException("A read session does not write.");
        }

        deferred.Add((sql, arguments));
    }

    T IStoreSession.Table<T>(Func<SqlStoreSession, T> make)
    {
        if (!tables.TryGetValue(typeof(T), out var table))
        {
            tables[typeof(T)] = table = make(this);
        }

        return (T)table;
    }

    public async ValueTask DisposeAsync()
    {
        // Twice would hand the connection back twice.
        if (!disposed)
        {
            disposed = true;
            await lease.DisposeAsync();
        }
    }

    /// <summary>
    /// Runs a statement; returns the rows it changed. A unique violation here spoils a PostgreSQL
    /// session, which is why inserts that may conflict use ON CONFLICT DO NOTHING and updates that
    /// may conflict use <see cref="ExecuteGuardedAsync"/>.
    /// </summary>
    public async Task<int> ExecuteAsync(string sql, (string Name, object? Value)[] arguments, CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken);
            if (Statement(sql, arguments) is { } statement)
            {
                Counted();
                return statement.Execute(arguments);
            }

            return await Command(sql, arguments).ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            throw Conflict(e);
        }
        catch (DbException e) when (dialect.TransientReason(e) is { } reason)
        {
            throw Transient(reason, e);
        }
    }

    /// <summary>
    /// <see cref="ExecuteAsync"/> for a statement that may break a unique rule, where that must not
    /// spoil the session (PostgreSQL aborts the transaction on any failed statement).
    /// </summary>
    public async Task<int> ExecuteGuardedAsync(string sql, (string Name, object? Value)[] arguments, CancellationToken cancellationToken)
    {
        if (!dialect.FailedStatementAbortsTransaction)
        {
            return await ExecuteAsync(sql, arguments, cancellationToken);
        }

        var transaction = lease.Transaction ?? throw new InvalidOperationException("A read session does not write.");
        // Before the savepoint: rolling back to it must not undo the writes queued before it.
        await FlushAsync(cancellationToken);
        await transaction.SaveAsync(ConflictSavepoint, cancellationToken);
        try
        {
            var changed = await ExecuteAsync(sql, arguments, cancellationToken);
            await transaction.ReleaseAsync(ConflictSavepoint, cancellationToken);
            return changed;
        }
        catch (StoreConflictException)
        {
            await transaction.RollbackAsync(ConflictSavepoint, cancellationToken);
            throw;
        }
    }

    /// <summary>The first column of the first row, or null when there is no row or it is NULL.</summary>
    public async Task<object?> ScalarAsync(string sql, (string Name, object? Value)[] arguments, CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken);
            if (Statement(sql, arguments) is { } statement)
            {
                Counted();
                return statement.Scalar(arguments);
            }

            var value = await Command(sql, arguments).ExecuteScalarAsync(cancellationToken);
            return value is DBNull ? null : value;
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            throw Conflict(e);
        }
        catch (DbException e) when (dialect.TransientReason(e) is { } reason)
        {
            throw Transient(reason, e);
        }
    }

    /// <summary>
    /// Runs one statement once for each argument list, in order; returns the first column of each
    /// run's first row (null when it gave none or NULL). Where the provider sends several statements
    /// at once (Npgsql's DbBatch: one round trip for all), they go together; SQLite, which has no
    /// round trips to save, runs its one prepared statement once per list (<see cref="SqliteStatement"/>). Like
    /// <see cref="ExecuteAsync"/>, a statement that may break a unique rule uses ON CONFLICT DO NOTHING:
    /// a failure ends the whole batch and spoils a PostgreSQL session.
    /// </summary>
    public async Task<List<object?>> ScalarEachAsync(string sql, IReadOnlyList<(string Name, object? Value)[]> runs, CancellationToken cancellationToken)
    {
        var values = new List<object?>(runs.Count);
        if (runs.Count == 0)
        {
            // Nothing to send: the writes waiting for the commit go on waiting.
            return values;
        }

        try
        {
            await FlushAsync(cancellationToken);
            if (Statement(sql, runs[0]) is { } statement)
            {
                foreach (var arguments in runs)
                {
                    Counted();
                    values.Add(statement.Scalar(arguments));
                }

                return values;
            }

            if (Batch(sql, runs) is not { } batch)
            {
                foreach (var arguments in runs)
                {
                    var value = await Command(sql, arguments).ExecuteScalarAsync(cancellationToken);
                    values.Add(value is DBNull ? null : value);
                }

                return values;
            }

            await using (batch)
            {
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
                do
                {
                    values.Add(await reader.ReadAsync(cancellationToken) && !await reader.IsDBNullAsync(0, cancellationToken) ? reader.GetValue(0) : null);
                }
                while (await reader.NextResultAsync(cancellationToken));
            }

            return values.Count == runs.Count
                ? values
                : throw new InvalidOperationException($"{runs.Count} statements gave {values.Count} results; each must return rows (RETURNING): {sql}");
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            throw Conflict(e);
        }
        catch (DbException e) when (dialect.TransientReason(e) is { } reason)
        {
            throw Transient(reason, e);
        }
    }

    /// <summary>
    /// <see cref="ScalarEachAsync"/> for a statement that returns no rows: runs it once for each
    /// argument list, together where the provider can; returns the rows each run changed.
    /// </summary>
    public async Task<int[]> ExecuteEachAsync(string sql, IReadOnlyList<(string Name, object? Value)[]> runs, CancellationToken cancellationToken)
    {
        var changed = new int[runs.Count];
        if (runs.Count == 0)
        {
            return changed;
        }

        try
        {
            await FlushAsync(cancellationToken);
            if (Statement(sql, runs[0]) is { } statement)
            {
                for (var i = 0; i < runs.Count; i++)
                {
                    Counted();
                    changed[i] = statement.Execute(runs[i]);
                }

                return changed;
            }

            if (Batch(sql, runs) is not { } batch)
            {
                for (var i = 0; i < runs.Count; i++)
                {
                    changed[i] = await Command(sql, runs[i]).ExecuteNonQueryAsync(cancellationToken);
                }

                return changed;
            }

            await using (batch)
            {
                await batch.ExecuteNonQueryAsync(cancellationToken);
                for (var i = 0; i < runs.Count; i++)
                {
                    changed[i] = batch.BatchCommands[i].RecordsAffected;
                }
            }

            return changed;
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            throw Conflict(e);
        }
        catch (DbException e) when (dialect.TransientReason(e) is { } reason)
        {
            throw Transient(reason, e);
        }
    }

    /// <summary>
    /// Runs a statement over a batch of rows read from arrays (<see cref="SqlRows.From"/>, PostgreSQL) that returns,
    /// for each row it wrote, the row's key and a value; gives each row's value in the batch's order, null where the
    /// statement returned none. Rows are told apart by their keys, never by the order of what the statement returns.
    /// A batch naming a key twice goes in rounds, the n-th row of each key in the n-th statement, so every row meets
    /// the table as it would one after the other (a repeat sees what the one before it wrote) and no statement meets
    /// one row twice (an upsert may not; an update joined to two rows of the batch would apply either). Like
    /// <see cref="ExecuteEachAsync"/>, a broken unique rule ends the batch and spoils a PostgreSQL session, so a
    /// statement that may meet one uses ON CONFLICT. Each statement reads its batch once (<see cref="SqlRows.ReadOnce"/>).
    /// </summary>
    public async Task<long?[]> EachRowAsync<TKey>(
        string sql, SqlRows rows, IReadOnlyList<(string Name, object? Value)[]> batch, Func<int, TKey> keyOf,
        Func<DbDataReader, (TKey Key, long Value)> read, CancellationToken cancellationToken)
        where TKey : notnull
    {
        var values = new long?[batch.Count];
        var round = Enumerable.Range(0, batch.Count).ToList();
        while (round.Count > 0)
        {
            var placeOf = new Dictionary<TKey, int>(round.Count);
            var sent = new List<int>(round.Count);
            var later = new List<int>();
            foreach (var i in round)
            {
                if (placeOf.TryAdd(keyOf(i), i))
                {
                    sent.Add(i);
                }
                else
                {
                    later.Add(i);
                }
            }

            List<(TKey Key, long Value)> written;
            try
            {
                written = await QueryAsync(SqlRows.ReadOnce(sql), rows.Arguments([.. sent.Select(i => batch[i])]), read, cancellationToken);
            }
            catch (DbException e) when (dialect.IsUniqueViolation(e))
            {
                throw Conflict(e);
            }

            foreach (var (key, value) in written)
            {
                values[placeOf[key]] = value;
            }

            round = later;
        }

        return values;
    }

    public async Task<List<T>> QueryAsync<T>(
        string sql, (string Name, object? Value)[] arguments, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken);
            await using var reader = await Command(sql, arguments).ExecuteReaderAsync(cancellationToken);
            return await ReadAllAsync(reader, read, cancellationToken);
        }
        catch (DbException e) when (dialect.TransientReason(e) is { } reason)
        {
            throw Transient(reason, e);
        }
    }

    /// <summary>The rows of <paramref name="table"/> with these ids in one statement, in the order asked: null where an id has none.</summary>
    public async Task<IReadOnlyList<T?>> GetByIdsAsync<T>(
        string table, string columns, IReadOnlyList<long> ids, Func<DbDataReader, T> read, Func<T, long> idOf, CancellationToken cancellationToken)
        where T : class
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var found = (await QueryAsync($"SELECT {columns} FROM {table} WHERE {dialect.InIds("id", "@ids")}", [("@ids", dialect.IdsValue(ids))], read, cancellationToken))
            .ToDictionary(idOf);
        return [.. ids.Select(id => found.GetValueOrDefault(id))];
    }

    public async Task<T?> QuerySingleAsync<T>(
        string sql, (string Name, object? Value)[] arguments, Func<DbDataReader, T> read, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            await FlushAsync(cancellationToken);
            await using var reader = await Command(sql, arguments).ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? read(reader) : null;
        }
        catch (DbException e) when (dialect.TransientReason(e) is { } reason)
        {
            throw Transient(reason, e);
        }
    }

    /// <summary>
    /// Two statements, each read for all its rows, the second run when the first has finished: in one
    /// round trip where the provider sends several statements at once (Npgsql's DbBatch), else one
    /// after the other. Each is a statement of its own, so under READ COMMITTED the second sees every
    /// commit made before it starts: a row lock the first waited for is held, and what the lock's last
    /// holder committed is seen.
    /// </summary>
    public async Task<(List<TFirst> First, List<TSecond> Second)> QueryThenAsync<TFirst, TSecond>(
        (string Sql, (string Name, object? Value)[] Arguments) first, Func<DbDataReader, TFirst> readFirst,
        (string Sql, (string Name, object? Value)[] Arguments) second, Func<DbDataReader, TSecond> readSecond,
        CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken);
            if (lease.Commands.Batch([first, second], lease.Transaction) is not { } batch)
            {
                return (await QueryAsync(first.Sql, first.Arguments, readFirst, cancellationToken), await QueryAsync(second.Sql, second.Arguments, readSecond, cancellationToken));
            }

            Statements += 2;
            RoundTrips++;
            await using (batch)
            {
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
                var firstRows = await ReadAllAsync(reader, readFirst, cancellationToken);
                if (!await reader.NextResultAsync(cancellationToken))
                {
                    throw new InvalidOperationException($"The second statement gave no result: {second.Sql}");
                }

                return (firstRows, await ReadAllAsync(reader, readSecond, cancellationToken));
            }
        }
        catch (DbException e) when (dialect.TransientReason(e) is { } reason)
        {
            throw Transient(reason, e);
        }
    }

    private static async Task<List<T>> ReadAllAsync<T>(DbDataReader reader, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>Sends the writes waiting for the commit now, because a statement that must see them comes first.</summary>
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (withCommit.Count > 0)
        {
            await SendWithCommitAsync(andCommit: false, cancellationToken);
        }
    }

    private async Task SendWithCommitAsync(bool andCommit, CancellationToken cancellationToken)
    {
        List<(string Sql, (string Name, object? Value)[] Arguments)> statements = [.. withCommit];
        withCommit.Clear();
        if (andCommit)
        {
            statements.AddRange(atCommit);
            atCommit.Clear();
        }

        Statements += statements.Count;
        RoundTrips++;
        if (andCommit)
        {
            statements.Add(("COMMIT", []));
        }

        await using var batch = lease.Commands.Batch(statements, lease.Transaction)
            ?? throw new InvalidOperationException("Writes wait for the commit only where the provider batches statements.");
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            throw Conflict(e);
        }
        catch (DbException e) when (dialect.TransientReason(e) is { } reason)
        {
            throw Transient(reason, e);
        }
    }

    private DbCommand Command(string sql, (string Name, object? Value)[] arguments)
    {
        Counted();
        return lease.Commands.Get(sql, lease.Transaction, arguments);
    }

    /// <summary>SQLite's own prepared statement for a statement whose rows are not read (<see cref="SqlCommandCache.Statement"/>); null on PostgreSQL.</summary>
    private SqliteStatement? Statement(string sql, (string Name, object? Value)[] arguments) => lease.Commands.Statement(sql, arguments);

    private void Counted()
    {
        Statements++;
        RoundTrips++;
    }

    /// <summary>The runs as one batch, or null when one run needs none or the provider cannot batch (SQLite).</summary>
    private DbBatch? Batch(string sql, IReadOnlyList<(string Name, object? Value)[]> runs)
    {
        if (runs.Count < 2 || lease.Commands.Batch(sql, lease.Transaction, runs) is not { } batch)
        {
            return null;
        }

        Statements += runs.Count;
        RoundTrips++;
        return batch;
    }

    private static StoreConflictException Conflict(DbException e) =>
        new($"A unique rule of the store was broken: {e.Message}", e);

    /// <summary>The one translation of a database's "run it again" failures into the store's own exception.</summary>
    public static TransientStoreException Transient(string reason, DbException e) =>
        new(reason, $"The database undid the transaction ({reason}: {e.Message}); the same work run again may succeed.", e);
}
