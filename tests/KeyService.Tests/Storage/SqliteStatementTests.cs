using Microsoft.Data.Sqlite;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>
/// The store runs its per-row statements on SQLite through <see cref="SqliteStatement"/> instead of a
/// Microsoft.Data.Sqlite command. Whatever goes in must come back as the command gives it, and a
/// failure must be the exception the command throws (the store tells conflicts and a busy file apart
/// by its codes). Checked side by side against the command on a real SQLite file.
/// </summary>
public sealed class SqliteStatementTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sharekey-statement-").FullName;
    private readonly SqliteConnection connection;

    public SqliteStatementTests()
    {
        SQLitePCL.Batteries_V2.Init();
        connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "store.db"), Pooling = false }.ConnectionString);
        connection.Open();
        Run("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, value)");
    }

    public static TheoryData<object?> Values => new()
    {
        0L, -1L, long.MaxValue, long.MinValue, 7, true, false, 1.5, -0.25, "", "a name", "Zürich ✓ 車", new byte[] { 0, 1, 255 }, Array.Empty<byte>(), null,
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void A_value_comes_back_as_the_command_gives_it(object? value)
    {
        using var statement = SqliteStatement.Prepare(connection, "SELECT @value", [("@value", value)]);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT @value";
        command.Parameters.AddWithValue("@value", value ?? DBNull.Value);
        var expected = command.ExecuteScalar();

        var actual = statement!.Scalar([("@value", value)]);

        Assert.Equal(expected is DBNull ? null : expected, actual);
        Assert.Equal(expected is DBNull ? null : expected?.GetType(), actual?.GetType());
    }

    [Fact]
    public void A_write_returns_what_it_wrote_and_counts_the_rows_it_changed()
    {
        using var insert = SqliteStatement.Prepare(connection, "INSERT INTO t (name, value) VALUES (@name, @value) RETURNING id", [("@name", "x"), ("@value", 1L)]);
        using var update = SqliteStatement.Prepare(connection, "UPDATE t SET value = value + @by WHERE value >= @from", [("@by", 10L), ("@from", 0L)]);

        var first = insert!.Scalar([("@name", "first"), ("@value", 1L)]);
        var second = insert.Scalar([("@name", "second"), ("@value", 2L)]);
        var changed = update!.Execute([("@by", 10L), ("@from", 2L)]);
        var none = update.Execute([("@by", 10L), ("@from", 100L)]);

        Assert.Equal(1L, first);
        Assert.Equal(2L, second);
        Assert.Equal(1, changed);
        Assert.Equal(0, none);
        Assert.Equal(12L, Scalar("SELECT value FROM t WHERE name = 'second'"));
    }

    [Fact]
    public void A_broken_unique_rule_throws_what_the_command_throws_and_the_statement_runs_on()
    {
        const string sql = "INSERT INTO t (name, value) VALUES (@name, @value)";
        Run("INSERT INTO t (name, value) VALUES ('taken', 0)");
        using var statement = SqliteStatement.Prepare(connection, sql, [("@name", "x"), ("@value", 1L)]);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@name", "taken");
        command.Parameters.AddWithValue("@value", 1L);
        var expected = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());

        var actual = Assert.Throws<SqliteException>(() => statement!.Execute([("@name", "taken"), ("@value", 1L)]));

        Assert.Equal(expected.SqliteErrorCode, actual.SqliteErrorCode);
        Assert.Equal(expected.SqliteExtendedErrorCode, actual.SqliteExtendedErrorCode);
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal(1, statement!.Execute([("@name", "free"), ("@value", 1L)]));
        Assert.Equal(2L, Scalar("SELECT count(*) FROM t"));
    }

    [Fact]
    public void Arguments_other_than_those_it_was_prepared_with_are_refused_before_anything_runs()
    {
        using var statement = SqliteStatement.Prepare(connection, "INSERT INTO t (name, value) VALUES (@name, @value)", [("@name", "x"), ("@value", 1L)]);

        Assert.Throws<InvalidOperationException>(() => statement!.Execute([("@value", 1L), ("@name", "swapped")]));
        Assert.Throws<InvalidOperationException>(() => statement!.Execute([("@name", "short")]));
        Assert.Throws<InvalidOperationException>(() => statement!.Execute([("@name", "typed"), ("@value", DateTimeOffset.UnixEpoch)]));
        Assert.Equal(0L, Scalar("SELECT count(*) FROM t"));
    }

    [Theory]
    [InlineData("SELECT 1; SELECT 2")]
    [InlineData("SELECT @a + @b")]
    public void A_text_it_cannot_run_whole_is_left_to_the_command(string sql) =>
        Assert.Null(SqliteStatement.Prepare(connection, sql, [("@a", 1L)]));

    public void Dispose()
    {
        connection.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private void Run(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
