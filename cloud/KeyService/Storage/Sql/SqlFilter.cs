namespace ShareKey.KeyService.Storage.Sql;

/// <summary>
/// The WHERE clause of a list query built from the filters the caller gave, so each combination is
/// its own plain statement that can use its index (a catch-all "@x IS NULL OR …" cannot).
/// </summary>
internal sealed class SqlFilter
{
    private readonly List<string> conditions = [];
    private readonly List<(string Name, object? Value)> arguments = [];

    /// <summary>column = @column.</summary>
    public SqlFilter Equal(string column, object value) => Add($"{column} = @{column}", ("@" + column, value));

    /// <summary>column = @column when the caller gave a value; no condition for null.</summary>
    public SqlFilter EqualIfGiven(string column, object? value) => value is null ? this : Equal(column, value);

    /// <summary>An id column's filter: the caller's u64, stored signed (<see cref="SqlValues.Id"/>).</summary>
    public SqlFilter IdIfGiven(string column, ulong? id) => id is { } given ? Equal(column, SqlValues.Id(given)) : this;

    /// <summary>A condition of constants only, which the planner must see (the WHERE of a partial index).</summary>
    public SqlFilter Add(string condition)
    {
        conditions.Add(condition);
        return this;
    }

    /// <summary>Any condition naming parameters.</summary>
    public SqlFilter Add(string condition, params (string Name, object Value)[] parameters)
    {
        conditions.Add(condition);
        foreach (var parameter in parameters)
        {
            arguments.Add(parameter);
        }

        return this;
    }

    public string Where => conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);

    public (string Name, object? Value)[] Arguments(params (string Name, object? Value)[] more) => [.. arguments, .. more];
}
