namespace ShareKey.KeyService.Storage.Sql;

/// <summary>
/// Opens the service's store. Neither call touches the schema: call <see cref="IKeyStore.MigrateAsync"/>
/// on start, as every instance may.
/// </summary>
public static class KeyStores
{
    /// <summary>
    /// A SQLite file, created if missing (its directory must exist), in WAL mode. The store keeps one connection open and
    /// runs one session at a time; never open a session while holding another (it would wait forever).
    /// </summary>
    public static IKeyStore OpenSqlite(string databasePath) => new SqlKeyStore(SqliteDialect.Open(databasePath));

    /// <summary>A PostgreSQL database, as an Npgsql connection string; connects on the first session.</summary>
    public static IKeyStore OpenPostgres(string connectionString) => new SqlKeyStore(PostgresDialect.Open(connectionString));
}
