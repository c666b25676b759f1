namespace ShareKey.KeyService.Storage.Sql;

/// <summary>
/// A list read a page at a time in the order of (a time column, id), the order its index holds: where a page starts (after
/// the last row of the page before, ties on the time broken by the id) and its ORDER BY and LIMIT, newest or soonest first.
/// </summary>
internal sealed record SqlKeyset(string TimeColumn, bool NewestFirst)
{
    /// <summary>
    /// The page's statement: <paramref name="select"/> (SELECT … FROM table) with <paramref name="filter"/>, past the cursor
    /// row's (time, id) if given, in this order, at most @limit rows.
    /// </summary>
    public (string Sql, SqlFilter Filter) Page(string select, SqlFilter filter, (DateTimeOffset Time, long Id)? cursor)
    {
        if (cursor is { } past)
        {
            filter.Add($"({TimeColumn}, id) {(NewestFirst ? "<" : ">")} (@cursor_time, @cursor_id)", ("@cursor_time", SqlValues.Time(past.Time)), ("@cursor_id", past.Id));
        }

        var order = NewestFirst ? $"{TimeColumn} DESC, id DESC" : $"{TimeColumn}, id";
        return ($"{select}{filter.Where} ORDER BY {order} LIMIT @limit", filter);
    }
}
