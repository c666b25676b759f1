namespace ShareKey.KeyService.Benchmarks;

/// <summary>
/// Runs a benchmark once per store asked for (`--store`), side by side in one process run: SQLite
/// in the benchmark's own folder, PostgreSQL in a fresh database of the given or throwaway server
/// (dropped afterwards), or a line saying why PostgreSQL was skipped.
/// </summary>
public static class BenchStores
{
    /// <param name="run">Called with the store's name and, for PostgreSQL, the database's connection string.</param>
    public static async Task EachAsync(BenchOptions options, TextWriter output, string what, Func<string, string?, Task> run)
    {
        foreach (var store in options.Stores)
        {
            if (store == "sqlite")
            {
                await run(store, null);
            }
            else if (options.Postgres is null)
            {
                output.WriteLine($"{what} on postgresql: skipped (no PostgreSQL installed under /usr/lib/postgresql; give --postgres or SHAREKEY_BENCH_POSTGRES)");
            }
            else
            {
                await using var database = await LocalPostgres.CreateDatabaseAsync(options.Postgres);
                await run(store, database.ConnectionString);
            }
        }
    }
}
