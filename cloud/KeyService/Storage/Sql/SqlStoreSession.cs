using System.Data.Common;

namespace ShareKey.KeyService.Storage.Sql;

/// <summary>One transaction; the tables are thin statement sets over it.</summary>
internal sealed class SqlStoreSession(SqlDialect dialect, SqlConnectionLease lease) : IStoreSession
{
    private const string ConflictSavepoint = "sharekey_conflict";

    private readonly Dictionary<Type, object> tables = [];
    private bool disposed;

    public SqlDialect Dialect => dialect;

    public int Statements { get; private set; }

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
            await lease.Transaction.CommitAsync(cancellationToken);
        }
        catch (DbException e) when (dialect.TransientReason(e) is { } reason)
        {
            throw Transient(reason, e);
        }
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

    public async Task<List<T>> QueryAsync<T>(
        string sql, (string Name, object? Value)[] arguments, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        try
        {
            await using var reader = await Command(sql, arguments).ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(read(reader));
            }

            return rows;
        }
        catch (DbException e) when (dialect.TransientReason(e) is { } reason)
        {
            throw Transient(reason, e);
        }
    }

    public async Task<T?> QuerySingleAsync<T>(
        string sql, (string Name, object? Value)[] arguments, Func<DbDataReader, T> read, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            await using var reader = await Command(sql, arguments).ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? read(reader) : null;
        }
        catch (DbException e) when (dialect.TransientReason(e) is { } reason)
        {
            throw Transient(reason, e);
        }
    }

    private DbCommand Command(string sql, (string Name, object? Value)[] arguments)
    {
        Statements++;
        return lease.Commands.Get(sql, lease.Transaction, arguments);
    }

    private static StoreConflictException Conflict(DbException e) =>
        new($"A unique rule of the store was broken: {e.Message}", e);

    /// <summary>The one translation of a database's "run it again" failures into the store's own exception.</summary>
    public static TransientStoreException Transient(string reason, DbException e) =>
        new(reason, $"The database undid the transaction ({reason}: {e.Message}); the same work run again may succeed.", e);
}
