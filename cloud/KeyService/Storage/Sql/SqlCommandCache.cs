using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ShareKey.KeyService.Storage.Sql;

/// <summary>
/// One command per statement text on one connection. A reused SQLite command keeps its prepared
/// statement, which about halves the cost of each small statement; Npgsql prepares by statement
/// text on its own (Max Auto Prepare). On SQLite a statement whose rows are not read (a write, run
/// once or once per row; a scalar) runs as a <see cref="SqliteStatement"/> instead.
/// </summary>
internal sealed class SqlCommandCache(DbConnection connection) : IDisposable
{
    private readonly Dictionary<string, DbCommand> commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SqliteStatement?> statements = new(StringComparer.Ordinal);

    public DbCommand Get(string sql, DbTransaction? transaction, (string Name, object? Value)[] arguments)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, _) in arguments)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }

            commands.Add(sql, command);
        }

        // The same text always comes with the same parameters, so only their values change. Never
        // swap the parameter objects: Npgsql keeps binding the old ones once it has auto-prepared
        // the command (npgsql/npgsql#3850).
        if (command.Parameters.Count != arguments.Length)
        {
            throw new InvalidOperationException($"The statement was first run with {command.Parameters.Count} parameters, now with {arguments.Length}: {sql}");
        }

        command.Transaction = transaction;
        for (var i = 0; i < arguments.Length; i++)
        {
            var parameter = command.Parameters[i];
            if (parameter.ParameterName != arguments[i].Name)
            {
                throw new InvalidOperationException($"Parameter {i} was first {parameter.ParameterName}, now {arguments[i].Name}: {sql}");
            }

            parameter.Value = arguments[i].Value ?? DBNull.Value;
        }

        return command;
    }

    /// <summary>
    /// The statement prepared on SQLite itself (<see cref="SqliteStatement"/>); null on other providers, and for a
    /// text it cannot run (the command then runs it).
    /// </summary>
    public SqliteStatement? Statement(string sql, (string Name, object? Value)[] arguments)
    {
        if (connection is not SqliteConnection sqlite)
        {
            return null;
        }

        if (!statements.TryGetValue(sql, out var statement))
        {
            statement = SqliteStatement.Prepare(sqlite, sql, arguments);
            statements.Add(sql, statement);
        }

        return statement;
    }

    /// <summary>
    /// The statement once per argument list, sent together; null when the provider cannot batch
    /// (Microsoft.Data.Sqlite).
    /// </summary>
    public DbBatch? Batch(string sql, DbTransaction? transaction, IReadOnlyList<(string Name, object? Value)[]> runs) =>
        Batch(runs.Select(arguments => (sql, arguments)), transaction);

    /// <summary>
    /// The statements as one batch, in order (Npgsql sends them in one round trip, and a failed one
    /// skips the rest); null when the provider cannot batch (Microsoft.Data.Sqlite). Made afresh each
    /// time: its commands carry their own parameters, and Npgsql still prepares each statement text
    /// once per physical connection.
    /// </summary>
    public DbBatch? Batch(IEnumerable<(string Sql, (string Name, object? Value)[] Arguments)> statements, DbTransaction? transaction)
    {
        if (!connection.CanCreateBatch)
        {
            return null;
        }

        var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var (sql, arguments) in statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = sql;
            foreach (var (name, value) in arguments)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(command);
        }

        return batch;
    }

    public void Dispose()
    {
        foreach (var command in commands.Values)
        {
            command.Dispose();
        }

        foreach (var statement in statements.Values)
        {
            statement?.Dispose();
        }

        commands.Clear();
        statements.Clear();
    }
}
