using System.Data.Common;

namespace ShareKey.KeyService.Storage.Sql;

/// <summary>The store over either database; what differs lives in the <see cref="SqlDialect"/>.</summary>
internal sealed class SqlKeyStore(SqlDialect dialect) : IKeyStore
{
    public string Kind => dialect.Kind;

    public async Task<IStoreSession> BeginAsync(CancellationToken cancellationToken)
    {
        try
        {
            return new SqlStoreSession(dialect, await dialect.BeginAsync(cancellationToken));
        }
        catch (DbException e) when (dialect.TransientReason(e) is { } reason)
        {
            // SQLite's BEGIN IMMEDIATE meets another process's write lock here.
            throw SqlStoreSession.Transient(reason, e);
        }
    }

    public async Task<IStoreSession> BeginReadAsync(CancellationToken cancellationToken) =>
        new SqlStoreSession(dialect, await dialect.BeginReadAsync(cancellationToken));

    /// <summary>One transaction per step, each under the migration lock, so a crash or a second instance never sees half a step.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await using var session = await OpenAsync(cancellationToken);
            if (dialect.MigrationLock is { } migrationLock)
            {
                await session.ScalarAsync(migrationLock, [], cancellationToken);
            }

            await session.ExecuteAsync(SqlMigrations.SchemaVersionTable, [], cancellationToken);
            var version = await CurrentVersionAsync(session, cancellationToken);
            if (version > SqlMigrations.Steps.Count)
            {
                throw new InvalidOperationException(
                    $"The {Kind} database is at schema version {version}, newer than this build knows ({SqlMigrations.Steps.Count}); run the newer build.");
            }

            if (version == SqlMigrations.Steps.Count)
            {
                await session.CommitAsync(cancellationToken);
                return;
            }

            var step = SqlMigrations.Steps[version];
            foreach (var statement in dialect.StatementsOf(step))
            {
                await session.ExecuteAsync(dialect.Ddl(statement), [], cancellationToken);
            }

            await session.ExecuteAsync(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @applied_at)",
                [("@version", (long)(version + 1)), ("@name", step.Name), ("@applied_at", SqlValues.Time(DateTimeOffset.UtcNow))],
                cancellationToken);
            await session.CommitAsync(cancellationToken);
        }
    }

    public async Task<int> SchemaVersionAsync(CancellationToken cancellationToken)
    {
        await using var session = await OpenAsync(cancellationToken);
        var exists = Convert.ToInt64(await session.ScalarAsync(dialect.SchemaVersionTableExists, [], cancellationToken)) > 0;
        return exists ? await CurrentVersionAsync(session, cancellationToken) : 0;
    }

    public ValueTask DisposeAsync() => dialect.DisposeAsync();

    private async Task<SqlStoreSession> OpenAsync(CancellationToken cancellationToken) =>
        new(dialect, await dialect.BeginAsync(cancellationToken));

    private static async Task<int> CurrentVersionAsync(SqlStoreSession session, CancellationToken cancellationToken) =>
        Convert.ToInt32(await session.ScalarAsync("SELECT COALESCE(MAX(version), 0) FROM schema_version", [], cancellationToken));
}
