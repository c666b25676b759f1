using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace ShareKey.KeyService.Storage.Sql;

/// <summary>
/// The read connections of a SQLite store, beside its one writer. In WAL mode a reader's deferred
/// transaction reads the last commit as of its first statement and neither waits for the writer
/// nor holds it up, so sessions that only read (every request's token check, the GETs) stop
/// queueing behind writes. Each connection is query_only, so a write in a read session fails, and
/// keeps its statements prepared like the writer's. Opened on first use, at most
/// <see cref="MaxConnections"/>, kept until the store closes.
/// </summary>
internal sealed class SqliteReaders(string connectionString, string pragmas) : IDisposable
{
    /// <summary>Reads are short and CPU-bound: more readers than cores would only take turns.</summary>
    private static readonly int MaxConnections = Math.Max(2, Environment.ProcessorCount);

    private readonly ConcurrentBag<Reader> idle = [];
    private readonly ConcurrentBag<Reader> opened = [];
    private readonly SemaphoreSlim slots = new(MaxConnections, MaxConnections);

    public async Task<SqlConnectionLease> BeginAsync(CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        Reader? reader = null;
        try
        {
            reader = idle.TryTake(out var ready) ? ready : Open();
            var transaction = reader.Connection.BeginTransaction(deferred: true);
            var leased = reader;
            return new SqlConnectionLease(reader.Commands, transaction, () =>
            {
                idle.Add(leased);
                slots.Release();
                return ValueTask.CompletedTask;
            });
        }
        catch
        {
            if (reader is not null)
            {
                idle.Add(reader);
            }

            slots.Release();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var reader in opened)
        {
            reader.Commands.Dispose();
            reader.Connection.Dispose();
        }
    }

    private Reader Open()
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var setup = connection.CreateCommand();
            setup.CommandText = pragmas + "PRAGMA query_only = ON;";
            setup.ExecuteNonQuery();
            var reader = new Reader(connection, new SqlCommandCache(connection));
            opened.Add(reader);
            return reader;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private sealed record Reader(SqliteConnection Connection, SqlCommandCache Commands);
}
