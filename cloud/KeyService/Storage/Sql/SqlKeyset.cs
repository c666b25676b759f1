namespace ShareKey.KeyService.Storage.Sql;

/// <summary>
/// A list read a page at a time in the order of (a time column, id), the order its index holds: where a page starts (after
/// the last row of the page before, ties on the time broken by the id) and its ORDER BY and LIMIT, newest or soonest first.
/// </summary>
internal sealed record SqlKeyset(string TimeColumn, bool NewestFirst)
{
    /// <summary>Rows past the cursor row's (time, id), in this order.</summary>
    public SqlFilter Past(SqlFilter filter, DateTimeOffset time, long id) =>
        filter.Add($"({TimeColumn}, id) {(NewestFirst ? "<" : ">")} (@cursor_time, @cursor_id)", ("@cursor_time", SqlValues.Time(time)), ("@cursor_id", id));

    public string OrderAndLimit => NewestFirst ? $"ORDER BY {TimeColumn} DESC, id DESC LIMIT @limit" : $"ORDER BY {TimeColumn}, id LIMIT @limit";
}
