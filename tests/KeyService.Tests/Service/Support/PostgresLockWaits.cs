using Npgsql;

namespace ShareKey.KeyService.Tests.Service.Support;

/// <summary>Waits until a session of the service's PostgreSQL database waits for a lock: a request has reached the row a test holds.</summary>
public static class PostgresLockWaits
{
    public static async Task UntilOneWaitsAsync(TestService service, string what)
    {
        await using var watcher = new NpgsqlConnection(service.Options.Storage.ConnectionString);
        await watcher.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", watcher);
        await Eventually.TrueAsync(async () => (long)(await command.ExecuteScalarAsync())! > 0, what);
    }
}
