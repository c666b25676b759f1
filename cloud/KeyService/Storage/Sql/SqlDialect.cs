using System.Data.Common;

namespace ShareKey.KeyService.Storage.Sql;

/// <summary>What differs between SQLite and PostgreSQL; every statement not built here is shared.</summary>
internal abstract class SqlDialect : IAsyncDisposable
{
    /// <summary>"sqlite" or "postgresql".</summary>
    public abstract string Kind { get; }

    /// <summary>Appended to a SELECT of rows the session goes on to change. Empty on SQLite, whose sessions hold the write lock from the start.</summary>
    public abstract string ForUpdate { get; }

    /// <summary>
    /// Like <see cref="ForUpdate"/>, for a row whose key (its id) the session leaves alone: it still
    /// shuts out every other session that would lock or change the row, but not one inserting a row
    /// that references it, whose foreign-key check (PostgreSQL FOR KEY SHARE) FOR UPDATE would block.
    /// </summary>
    public abstract string ForNoKeyUpdate { get; }

    /// <summary>
    /// Whether a write session holds the database's one write lock from its start to its end
    /// (SQLite's BEGIN IMMEDIATE): nothing another session writes comes between two of its
    /// statements, so a row it reads is as good as locked. PostgreSQL's sessions lock rows one by one.
    /// </summary>
    public abstract bool WriteSessionsExclusive { get; }

    /// <summary>Like <see cref="ForUpdate"/>, but passing over rows another session holds, so instances share work instead of queueing for it.</summary>
    public abstract string ForUpdateSkipLocked { get; }

    /// <summary>A query whose scalar is 1 when the schema_version table exists, else 0.</summary>
    public abstract string SchemaVersionTableExists { get; }

    /// <summary>Run first in each migration transaction so that two instances migrate one after the other; null when beginning the transaction already does that.</summary>
    public abstract string? MigrationLock { get; }

    /// <summary>
    /// Whether a failed statement spoils the rest of its transaction (PostgreSQL). Then a statement
    /// that may break a unique rule runs under a savepoint, so the caller can go on after the conflict.
    /// </summary>
    public abstract bool FailedStatementAbortsTransaction { get; }

    /// <summary>
    /// Whether a write nothing waits on goes with the commit, in one round trip
    /// (<see cref="SqlStoreSession.ExecuteWithCommitAsync"/>): PostgreSQL; SQLite has no round trips to save.
    /// </summary>
    public abstract bool SendsWritesWithCommit { get; }

    /// <summary>
    /// Whether a batch of rows goes to one statement as one array per column (<see cref="SqlRows"/>):
    /// PostgreSQL, where every statement, however small, costs the server a parse, bind and executor
    /// start-up, which is most of a one-row statement's cost. SQLite runs its one prepared statement once
    /// per row, in process, for less than unpacking the arrays would cost.
    /// </summary>
    public abstract bool TakesRowArrays { get; }

    /// <summary>Replaces the column-type placeholders of a migration ({blob}, {key}, {serial}, {bytewise}).</summary>
    public abstract string Ddl(string statement);

    /// <summary>The statements of a migration step this database runs: the shared ones, then its own.</summary>
    public abstract IEnumerable<string> StatementsOf(SqlMigration step);

    /// <summary>
    /// Why the database undid the transaction in a way that running it again may cure ("deadlock",
    /// "serialization", "busy"), or null when <paramref name="exception"/> is no such collision.
    /// </summary>
    public abstract string? TransientReason(DbException exception);

    /// <summary>A unique rule broken: a unique index, or (PostgreSQL) an exclusion constraint.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>"column IN (the ids)" over one parameter, so a batch of any size is one prepared statement.</summary>
    public abstract string InIds(string column, string parameter);

    /// <summary>The parameter value <see cref="InIds"/> and <see cref="IdsTable"/> read.</summary>
    public abstract object IdsValue(IReadOnlyList<long> ids);

    /// <summary>The ids of one <see cref="IdsValue"/> parameter as a table named <paramref name="alias"/>, one row each, in its column "value": to join from.</summary>
    public abstract string IdsTable(string parameter, string alias);

    /// <summary>
    /// Two <see cref="IdsValue"/> parameters of equal length as a table named <paramref name="alias"/>, pair i (their
    /// i-th values) in row i's columns "first" and "second": to join from, one row per pair.
    /// </summary>
    public abstract string IdPairsTable(string firstParameter, string secondParameter, string alias);

    /// <summary>"column IN (the texts)" over one parameter: <see cref="InIds"/> for a text column.</summary>
    public string InTexts(string column, string parameter) => InIds(column, parameter);

    /// <summary>The parameter value <see cref="InTexts"/> reads.</summary>
    public abstract object TextsValue(IReadOnlyList<string> texts);

    /// <summary>
    /// "(first, second) IN (the pairs)" over two <see cref="IdsValue"/> parameters of equal length,
    /// pair i being their i-th values: a batch of lookups by a two-column key in one statement.
    /// </summary>
    public string InIdPairs(string first, string second, string firstParameter, string secondParameter) =>
        $"({first}, {second}) IN (SELECT p.first, p.second FROM {IdPairsTable(firstParameter, secondParameter, "p")})";

    /// <summary>
    /// <paramref name="condition"/> (on a state that most rows are in), marked so that the planner
    /// finds the rows through the statement's other terms (the devices or ids it names), never
    /// through an index on that state. PostgreSQL knows from its statistics; SQLite, without any,
    /// rated "state = pending" as narrow as "device_id = ?" and read every pending message or open
    /// rotation for each statement.
    /// </summary>
    public abstract string MostRowsMeet(string condition);

    /// <summary>
    /// A query of @count ids for new rows of <paramref name="table"/> (its id column numbered by the database), for a
    /// session that must name rows before it inserts them, and then inserts them with these ids. PostgreSQL draws
    /// them from the column's sequence, never to be given again; on SQLite, whose write sessions hold the one writer,
    /// they are the ids after the table's highest: the caller's insert must come before any other into that table.
    /// </summary>
    public abstract string NextIds(string table);

    /// <summary>A connection inside a new transaction, for one session.</summary>
    public abstract Task<SqlConnectionLease> BeginAsync(CancellationToken cancellationToken);

    /// <summary>A connection that only reads, for one read session (<see cref="IKeyStore.BeginReadAsync"/>).</summary>
    public abstract Task<SqlConnectionLease> BeginReadAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
