using Npgsql;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>
/// Databases created for the test class on the server named by SHAREKEY_TEST_POSTGRES, and dropped
/// after it. Without that variable every PostgreSQL test fails: the suite never skips a database.
/// </summary>
public sealed class PostgresStoreFixture : StoreFixture
{
    private const string ServerVariable = "SHAREKEY_TEST_POSTGRES";

    private readonly List<string> databases = [];

    public override string Kind => "postgresql";

    public override bool SessionsOverlap => true;

    public override async Task<string> CreateDatabaseAsync()
    {
        var name = $"sharekey_test_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(Server("postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }

        lock (databases)
        {
            databases.Add(name);
        }

        return Server(name);
    }

    public override IKeyStore Open(string database) => KeyStores.OpenPostgres(database);

    public override async Task ExecuteRawAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task UntilSessionWaitsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var waiting = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((long)(await waiting.ExecuteScalarAsync(timeout.Token))! == 0)
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    /// <summary>
    /// Whether some session of <paramref name="database"/> comes to wait for a lock before
    /// <paramref name="work"/> ends: true as soon as one does, false once the work ended without.
    /// </summary>
    public async Task<bool> WaitsBeforeAsync(string database, Task work)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var waiting = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!work.IsCompleted)
        {
            if ((long)(await waiting.ExecuteScalarAsync(timeout.Token))! > 0)
            {
                return true;
            }

            await Task.WhenAny(work, Task.Delay(5, timeout.Token));
        }

        return false;
    }

    protected override async Task DropDatabasesAsync()
    {
        await using var admin = new NpgsqlConnection(Server("postgres"));
        await admin.OpenAsync();
        foreach (var name in databases)
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static string Server(string database)
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{ServerVariable} is not set, so the PostgreSQL storage tests have no server. Run scripts/test.sh, which " +
                $"starts a throwaway PostgreSQL, or set {ServerVariable} to an Npgsql connection string of a role that may create databases.");
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
    }
}
