using Microsoft.Data.Sqlite;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>SQLite files in a temporary directory of the test class's own.</summary>
public sealed class SqliteStoreFixture : StoreFixture
{
    private readonly string directory = Directory.CreateTempSubdirectory("sharekey-store-").FullName;
    private int databases;

    public override string Kind => "sqlite";

    public override bool SessionsOverlap => false;

    public override Task<string> CreateDatabaseAsync() =>
        Task.FromResult(Path.Combine(directory, $"store-{Interlocked.Increment(ref databases)}.db"));

    public override IKeyStore Open(string database) => KeyStores.OpenSqlite(database);

    public override async Task ExecuteRawAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public override Task UntilSessionWaitsAsync(string database) => Task.CompletedTask;

    protected override Task DropDatabasesAsync()
    {
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }
}
