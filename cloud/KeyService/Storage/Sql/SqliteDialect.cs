using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ShareKey.KeyService.Storage.Sql;

/// <summary>
/// One SQLite file behind one long-lived writing connection. Every write session holds that
/// connection, in a BEGIN IMMEDIATE transaction, from start to end: sessions of this process queue
/// on a semaphore (no busy-wait polling), other processes on SQLite's write lock; in exchange every
/// statement stays prepared on the connection. Read sessions use <see cref="SqliteReaders"/> beside
/// it. A write session must not open a second write session before it ends: that one would wait forever.
/// </summary>
internal sealed class SqliteDialect : SqlDialect
{
    // Waiting for another process's write lock; longer than any of our transactions.
    private const int BusyTimeoutMilliseconds = 30_000;

    // The page cache SQLite keeps for the store's connection (a negative cache_size counts KiB).
    private const int PageCacheKibibytes = 64 * 1024;

    // WAL pages after which a commit checkpoints (see Open): the backstop of SqliteCheckpointer.
    private const int CheckpointPages = 16_384;

    // WAL frames from which SqliteCheckpointer copies the rest holding the writer's turn, so that the WAL
    // starts over: half the backstop, leaving it passes to spare when readers hold an old snapshot.
    private const int RestartFrames = CheckpointPages / 2;

    // What every connection to the file sets: busy_timeout first (switching to WAL waits for other
    // connections to the same file). cache_size only changes where pages are read from, not what is
    // written or when: SQLite's default 2 MB page cache made a fleet's working set (devices, outbox,
    // rotations, uplinks) go back to the file through read() on many statements (the fleet
    // benchmark's profile: a third of the service's CPU in the kernel copying file pages).
    private static readonly string ConnectionPragmas = $"""
        PRAGMA busy_timeout = {BusyTimeoutMilliseconds};
        PRAGMA cache_size = -{PageCacheKibibytes};
        """;

    private readonly SqliteConnection connection;
    private readonly SqlCommandCache commands;
    private readonly SemaphoreSlim writer;
    private readonly SqliteReaders readers;
    private readonly SqliteCheckpointer checkpointer;

    // Writes read back what they wrote with RETURNING (3.35; 3.35.5 fixed the last of its early bugs).
    private const int OldestLibrary = 3_035_005;

    static SqliteDialect()
    {
        SQLitePCL.Batteries_V2.Init();
        // SQLite's memory statistics take a process-wide mutex on every allocation, and nothing here
        // reads them. Refused, harmlessly, when SQLite is already initialised (a test process that
        // opened a file on its own first).
        SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MEMSTATUS, 0);
    }

    private SqliteDialect(SqliteConnection connection, SemaphoreSlim writer, SqliteReaders readers, SqliteCheckpointer checkpointer)
    {
        this.connection = connection;
        this.writer = writer;
        commands = new SqlCommandCache(connection);
        this.readers = readers;
        this.checkpointer = checkpointer;
    }

    /// <summary>What copies the WAL back into the file beside the writer.</summary>
    internal SqliteCheckpointer Checkpointer => checkpointer;

    public static SqliteDialect Open(string databasePath)
    {
        if (SQLitePCL.raw.sqlite3_libversion_number() < OldestLibrary)
        {
            throw new InvalidOperationException($"The store needs SQLite 3.35.5 or newer (RETURNING); the library loaded is {SQLitePCL.raw.sqlite3_libversion().utf8_to_string()}.");
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // The store keeps its own connection open; a pooled one would keep the file open after dispose.
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            // synchronous=NORMAL in WAL mode: a commit survives a process crash; a power cut may lose
            // the last commits but never corrupts the file. The writer checkpoints the WAL into the
            // file (two fsyncs, every page the WAL holds written back) each time the WAL reaches
            // wal_autocheckpoint pages, inside the commit that reached it, while every other write
            // waits. At SQLite's default of 1,000 pages (4 MB), fsync alone took 5 % of the service's
            // CPU samples while keys were issued over HTTP; at 16,384 pages (64 MB) a page written
            // again and again between checkpoints is written back once. What a commit guarantees
            // does not change. SqliteCheckpointer copies the WAL back beside the writer and lets it
            // start over under writes that never pause, so this is only the backstop (see there).
            pragmas.CommandText = ConnectionPragmas + $"""
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                PRAGMA foreign_keys = ON;
                PRAGMA wal_autocheckpoint = {CheckpointPages};
                """;
            pragmas.ExecuteNonQuery();
            // The readers and the checkpointer open the file only once it exists and is in WAL mode, as above.
            builder.Mode = SqliteOpenMode.ReadWrite;
            var writer = new SemaphoreSlim(1, 1);
            return new SqliteDialect(
                connection,
                writer,
                new SqliteReaders(builder.ConnectionString, ConnectionPragmas),
                new SqliteCheckpointer(builder.ConnectionString, ConnectionPragmas, writer, RestartFrames));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public override string Kind => "sqlite";

    public override string ForUpdate => "";

    public override string ForNoKeyUpdate => "";

    public override bool WriteSessionsExclusive => true;

    public override string ForUpdateSkipLocked => "";

    public override string SchemaVersionTableExists =>
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";

    public override string? MigrationLock => null;

    public override bool SendsWritesWithCommit => false;

    public override bool TakesRowArrays => false;

    public override bool FailedStatementAbortsTransaction => false;

    public override string Ddl(string statement) => statement
        .Replace("{blob}", "BLOB", StringComparison.Ordinal)
        .Replace("{bytewise}", "COLLATE BINARY", StringComparison.Ordinal)
        // INTEGER PRIMARY KEY, spelled exactly so, makes the id the table's rowid: no second index.
        .Replace("{key}", "INTEGER PRIMARY KEY", StringComparison.Ordinal)
        .Replace("{serial}", "INTEGER PRIMARY KEY", StringComparison.Ordinal);

    public override IEnumerable<string> StatementsOf(SqlMigration step) => [.. step.Statements, .. step.SqliteOnly];

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: SQLitePCL.raw.SQLITE_CONSTRAINT_UNIQUE or SQLitePCL.raw.SQLITE_CONSTRAINT_PRIMARYKEY };

    // Another process held the file past the busy timeout; this process's own sessions queue on the semaphore instead.
    public override string? TransientReason(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED } ? "busy" : null;

    // SQLite has no array parameters; its JSON1 table function reads a JSON array instead.
    public override string InIds(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    public override object IdsValue(IReadOnlyList<long> ids) => "[" + string.Join(",", ids) + "]";

    public override string IdsTable(string parameter, string alias) => $"json_each({parameter}) AS {alias}";

    public override object TextsValue(IReadOnlyList<string> texts) => JsonSerializer.Serialize(texts);

    // likely() tells the planner the condition is nearly always true, so an index on its column
    // narrows nothing; it still implies a partial index's WHERE (rotations_open).
    public override string MostRowsMeet(string condition) => $"likely({condition})";

    public override string NextIds(string table) =>
        $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count) SELECT (SELECT coalesce(max(id), 0) FROM {table}) + i FROM n";

    // json_each numbers an array's elements in its key column; ->> with that number reads the element
    // of the same index from the second array. (A join of two json_each on their keys read the
    // second array once per element of the first: 1.9 ms for 250 acks' pairs against 0.16 ms.)
    public override string IdPairsTable(string firstParameter, string secondParameter, string alias) =>
        $"(SELECT a.value AS first, {secondParameter} ->> a.key AS second FROM json_each({firstParameter}) AS a) AS {alias}";

    public override async Task<SqlConnectionLease> BeginAsync(CancellationToken cancellationToken)
    {
        await writer.WaitAsync(cancellationToken);
        try
        {
            var transaction = connection.BeginTransaction(deferred: false);
            return new SqlConnectionLease(commands, transaction, Release);
        }
        catch
        {
            writer.Release();
            throw;
        }
    }

    public override Task<SqlConnectionLease> BeginReadAsync(CancellationToken cancellationToken) => readers.BeginAsync(cancellationToken);

    public override ValueTask DisposeAsync()
    {
        checkpointer.Dispose();
        readers.Dispose();
        commands.Dispose();
        connection.Dispose();
        return ValueTask.CompletedTask;
    }

    private ValueTask Release()
    {
        writer.Release();
        return ValueTask.CompletedTask;
    }
}
