namespace ShareKey.KeyService.Storage.Sql;

/// <summary>
/// A batch of rows that one PostgreSQL statement reads as a table (<see cref="SqlDialect.TakesRowArrays"/>): one
/// array parameter per column, unnested side by side, so a batch of any size is one statement with as many
/// parameters as columns (no limit on parameters, one prepared plan for every size). The rows are the argument
/// lists the per-row form of the statement takes, each column read from the argument named "@" + the column,
/// so a table builds them once for either form. <see cref="SqlStoreSession.EachRowAsync"/> runs such a statement.
/// <para>
/// An UPDATE … FROM <see cref="From"/> finds each row of the batch by its key alone ("t.id = v.id"). It once also
/// said "t.id = ANY(@id)", so that a plan for a known batch would not hash-join a table only a few times the batch's
/// size. But with it a plan could loop over the table's rows and read the whole batch again for each: a plan made for
/// any batch (generic, which PostgreSQL takes for a statement prepared on the connection once it costs less) counts
/// an array parameter as 10 elements, and a state that most rows are not in (a rotation not yet confirmed) then
/// rated the table's side one row. 0.7 s for a batch of 927 rotations in a benchmark run; on a scratch table of
/// 1,000,000 rotations, 2,048 updated, 775 ms against 15 ms (bench README, "A batch's UPDATE joined by its key
/// alone"). Joined by the key alone, every plan reads the batch once and finds each row through the key's index,
/// or on a table few times the batch's size, hashes it.
/// </para>
/// </summary>
internal sealed class SqlRows(params (string Column, SqlRowType Type)[] columns)
{
    /// <summary>"unnest(@column::type[], …) AS alias(column, …)", for a FROM clause.</summary>
    public string From(string alias) =>
        $"unnest({string.Join(", ", columns.Select(column => $"@{column.Column}::{TypeName(column.Type)}[]"))}) " +
        $"AS {alias}({string.Join(", ", columns.Select(column => column.Column))})";

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
