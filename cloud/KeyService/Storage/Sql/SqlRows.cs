namespace ShareKey.KeyService.Storage.Sql;

/// <summary>
/// A batch of rows that one PostgreSQL statement reads as a table (<see cref="SqlDialect.TakesRowArrays"/>): one
/// array parameter per column, unnested side by side, so a batch of any size is one statement with as many
/// parameters as columns (no limit on parameters, one prepared plan for every size). The rows are the argument
/// lists the per-row form of the statement takes, each column read from the argument named "@" + the column,
/// so a table builds them once for either form. <see cref="SqlStoreSession.EachRowAsync"/> runs such a statement.
/// </summary>
internal sealed class SqlRows(params (string Column, SqlRowType Type)[] columns)
{
    /// <summary>"unnest(@column::type[], …) AS alias(column, …)", for a FROM clause.</summary>
    public string From(string alias) =>
        $"unnest({string.Join(", ", columns.Select(column => $"@{column.Column}::{TypeName(column.Type)}[]"))}) " +
        $"AS {alias}({string.Join(", ", columns.Select(column => column.Column))})";

    /// <summary>
    /// "table.key = rows.key AND table.key = ANY(@key::type[])", the WHERE of an UPDATE … FROM <see cref="From"/>
    /// that finds each row of the batch in <paramref name="table"/> by <paramref name="key"/>. The second half says the
    /// first again, for the planner: told only the join, it plans a batch it can count (a custom plan) as a hash join
    /// over the whole table, read through, once the table is not many times the batch's size (a batch of 256
    /// rotations against 20,000 read all 20,000); the key's values in an array are found through the key's index.
    /// </summary>
    public string Matches(string table, string rows, string key) =>
        $"{table}.{key} = {rows}.{key} AND {table}.{key} = ANY(@{key}::{TypeName(TypeOf(key))}[])";

    /// <summary>
    /// <paramref name="sql"/> planned so that it reads its batch once, whatever its size: without nested loops. Npgsql
    /// prepares a statement it runs often, and PostgreSQL then plans it once for any parameters (a generic plan) when
    /// that plan rates cheaper than those it made for each call. A generic plan cannot count the batch (an array
    /// parameter is rated ten elements): where most of a table's rows are in a state an UPDATE skips (most rotations
    /// confirmed) it rated the table's side one row, looped over it and read the whole batch again for each row,
    /// 720 ms for 927 rotations in a benchmark run; a hash join reads the batch once. The setting holds for this
    /// statement alone (SET LOCAL, then back to the default, in the same round trip): the rest of the transaction plans
    /// as the server is configured to. The store's metrics count the three as the one statement they run.
    /// </summary>
    public static string ReadOnce(string sql) =>
        $"SET LOCAL enable_nestloop = off;\n{sql};\nSET LOCAL enable_nestloop = DEFAULT";

    /// <summary>The array parameters <see cref="From"/> reads, one per column, element i from <paramref name="rows"/>[i].</summary>
    public (string Name, object? Value)[] Arguments(IReadOnlyList<(string Name, object? Value)[]> rows) =>
    [
        .. columns.Select(column =>
        {
            var name = $"@{column.Column}";
            var at = rows.Count == 0 ? -1 : Array.FindIndex(rows[0], argument => argument.Name == name);
            if (rows.Count > 0 && at < 0)
            {
                throw new InvalidOperationException($"The rows have no argument {name}.");
            }

            // Typed arrays: Npgsql picks the PostgreSQL array type from the element type.
            (string, object?) argument = column.Type switch
            {
                SqlRowType.Bigint => (name, rows.Select(row => (long?)row[at].Value).ToArray()),
                SqlRowType.Bytea => (name, rows.Select(row => (byte[]?)row[at].Value).ToArray()),
                _ => (name, rows.Select(row => (string?)row[at].Value).ToArray()),
            };
            return argument;
        }),
    ];

    /// <summary>The type of one of the columns, for the rows of a statement that writes some of them.</summary>
    public SqlRowType TypeOf(string column) => columns.Single(c => c.Column == column).Type;

    private static string TypeName(SqlRowType type) => type switch
    {
        SqlRowType.Bigint => "bigint",
        SqlRowType.Bytea => "bytea",
        _ => "text",
    };
}

/// <summary>The column types the store's tables use (SqlMigrations: BIGINT, {blob}, TEXT).</summary>
internal enum SqlRowType
{
    Bigint,
    Bytea,
    Text,
}
