using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ShareKey.KeyService.Storage.Sql;

/// <summary>
/// One statement prepared once on the store's SQLite connection and run through SQLite itself, its
/// parameters bound by position. A write session runs the same small statement once per row (an
/// uplink, an outbox message, an audit entry: about eighteen a rotation), and for each run
/// Microsoft.Data.Sqlite looks every parameter up by its name in the statement and allocates a
/// binder for it: here the positions are looked up once, when the statement is prepared. Runs in the
/// connection's current transaction like any command on it; fails with the SqliteException the
/// command would have thrown, so callers tell conflicts and busy files apart as before.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 database;
    private readonly sqlite3_stmt statement;
    private readonly string[] names;
    private readonly int[] positions;

    private SqliteStatement(sqlite3 database, sqlite3_stmt statement, string[] names, int[] positions)
    {
        this.database = database;
        this.statement = statement;
        this.names = names;
        this.positions = positions;
    }

    /// <summary>
    /// The statement prepared with one position for each of <paramref name="arguments"/>' names; null when
    /// <paramref name="sql"/> is more than one statement or uses a parameter the arguments do not name (the
    /// caller then runs it as a command, which reports such a mistake itself).
    /// </summary>
    public static SqliteStatement? Prepare(SqliteConnection connection, string sql, (string Name, object? Value)[] arguments)
    {
        var database = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        Check(database, raw.sqlite3_prepare_v2(database, sql, out var statement, out var tail));
        var names = arguments.Select(argument => argument.Name).ToArray();
        var positions = names.Select(name => raw.sqlite3_bind_parameter_index(statement, name)).ToArray();
        if (!string.IsNullOrWhiteSpace(tail) || positions.Contains(0) || positions.Distinct().Count() != raw.sqlite3_bind_parameter_count(statement))
        {
            statement.Dispose();
            return null;
        }

        return new SqliteStatement(database, statement, names, positions);
    }

    /// <summary>Runs the statement with these arguments (named as when it was prepared); the rows it changed.</summary>
    public int Execute((string Name, object? Value)[] arguments)
    {
        Run(arguments, firstValue: false, out _);
        return raw.sqlite3_changes(database);
    }

    /// <summary>Runs the statement with these arguments; the first column of its first row, null when it gave none or NULL.</summary>
    public object? Scalar((string Name, object? Value)[] arguments)
    {
        Run(arguments, firstValue: true, out var value);
        return value;
    }

    public void Dispose() => statement.Dispose();

    private void Run((string Name, object? Value)[] arguments, bool firstValue, out object? value)
    {
        value = null;
        try
        {
            Bind(arguments);
            var first = true;
            int step;
            while ((step = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                if (first && firstValue)
                {
                    value = Column0();
                }

                first = false;
            }

            if (step != raw.SQLITE_DONE)
            {
                throw Failure(database, step);
            }
        }
        finally
        {
            // A failed step is reported again by reset; it was thrown above already.
            raw.sqlite3_reset(statement);
        }
    }

    private void Bind((string Name, object? Value)[] arguments)
    {
        if (arguments.Length != names.Length)
        {
            throw new InvalidOperationException($"The statement was prepared with {names.Length} parameters, now run with {arguments.Length}.");
        }

        for (var i = 0; i < arguments.Length; i++)
        {
            if (!string.Equals(arguments[i].Name, names[i], StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Parameter {i} was prepared as {names[i]}, now given as {arguments[i].Name}.");
            }

            var position = positions[i];
            Check(database, arguments[i].Value switch
            {
                null or DBNull => raw.sqlite3_bind_null(statement, position),
                long number => raw.sqlite3_bind_int64(statement, position, number),
                int number => raw.sqlite3_bind_int64(statement, position, number),
                bool flag => raw.sqlite3_bind_int64(statement, position, flag ? 1 : 0),
                double number => raw.sqlite3_bind_double(statement, position, number),
                string text => raw.sqlite3_bind_text(statement, position, text),
                byte[] bytes => raw.sqlite3_bind_blob(statement, position, bytes),
                var other => throw new InvalidOperationException($"Parameter {names[i]}: a {other.GetType().Name} has no SQLite type here."),
            });
        }
    }

    private object? Column0() => raw.sqlite3_column_type(statement, 0) switch
    {
        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(statement, 0),
        raw.SQLITE_FLOAT => raw.sqlite3_column_double(statement, 0),
        raw.SQLITE_TEXT => raw.sqlite3_column_text(statement, 0).utf8_to_string(),
        raw.SQLITE_BLOB => raw.sqlite3_column_blob(statement, 0).ToArray(),
        _ => null,
    };

    /// <summary>What Microsoft.Data.Sqlite throws for the same failure, worded as it words it.</summary>
    private static SqliteException Failure(sqlite3 database, int code) =>
        new($"SQLite Error {code}: '{raw.sqlite3_errmsg(database).utf8_to_string()}'.", code, raw.sqlite3_extended_errcode(database));

    private static void Check(sqlite3 database, int code)
    {
        if (code != raw.SQLITE_OK)
        {
            throw Failure(database, code);
        }
    }
}
