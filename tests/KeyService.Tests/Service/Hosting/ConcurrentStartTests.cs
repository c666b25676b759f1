using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Hosting;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Storage.Sql;
using ShareKey.KeyService.Tests.Storage;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Tests.Service.Hosting;

/// <summary>
/// `sharekey serve` starting beside another start on one empty database (the many-machine shape on
/// PostgreSQL; two processes on one data folder on SQLite): both start, the schema is migrated once,
/// and one of them creates the first operator while the other finds it. On PostgreSQL both found no
/// operator, and the second's "admin" was refused by the first's, failing its start.
/// </summary>
public sealed class ConcurrentStartTests : IAsyncLifetime
{
    private readonly TestEnvironment environment = new();
    private readonly PostgresStoreFixture postgres = new();
    private readonly string masterKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task Two_instances_starting_at_once_on_an_empty_database_both_start_with_one_operator(string storage)
    {
        var folder = environment.TempFolder("sharekey-start-");
        var database = storage == "sqlite" ? Path.Combine(folder, "sharekey.db") : await postgres.CreateDatabaseAsync();

        var starts = new[] { StartAsync(storage, database, folder), StartAsync(storage, database, folder) };
        var tokens = new List<string?>();
        foreach (var start in starts)
        {
            // Each awaited apart, so that one failed start still lets the other be disposed.
            await ((Task)start).ContinueWith(_ => { }, TaskScheduler.Default);
            if (start.IsCompletedSuccessfully)
            {
                tokens.Add(await DisposeAsync(await start));
            }
        }

        await Task.WhenAll(starts);
        Assert.Single(tokens, token => token is not null);
        await using var store = storage == "sqlite" ? KeyStores.OpenSqlite(database) : KeyStores.OpenPostgres(database);
        Assert.Equal(SqlMigrations.Steps.Count, await store.SchemaVersionAsync(CancellationToken.None));
        Assert.Equal(1, await OperatorsAsync(store));
    }

    /// <summary>The race above made certain: the other instance's first start has created "admin" and not yet committed.</summary>
    [Fact]
    public async Task A_start_beside_another_creating_the_first_operator_waits_and_starts_without_one()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var store = KeyStores.OpenPostgres(database);
        await store.MigrateAsync(CancellationToken.None);

        Task<StartedService> start;
        bool waited;
        var other = await store.BeginAsync(CancellationToken.None);
        try
        {
            await other.Users.InsertAsync(new User(Ids.NewId(), FirstStart.OperatorName, UserRole.Operator, DateTimeOffset.UtcNow), CancellationToken.None);
            start = StartAsync("postgresql", database, environment.TempFolder("sharekey-start-"));
            waited = await postgres.WaitsBeforeAsync(database, start);
            await other.CommitAsync(CancellationToken.None);
        }
        finally
        {
            await other.DisposeAsync();
        }

        Assert.Null(await DisposeAsync(await start));
        Assert.True(waited, "The start did not meet the other instance's operator.");
        Assert.Equal(1, await OperatorsAsync(store));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await ((IAsyncLifetime)postgres).DisposeAsync();
        await environment.DisposeAsync();
    }

    /// <summary>
    /// Builds the service as `sharekey serve` does up to listening (data folder, master key, store,
    /// migration, first operator). On SQLite the instances share <paramref name="folder"/> (its
    /// database and master key); on PostgreSQL each has its own and the key is configured.
    /// </summary>
    private Task<StartedService> StartAsync(string storage, string database, string folder)
    {
        var options = new ServiceOptions { DataDirectory = folder, InstanceName = "start" };
        options.Broker.Port = 0;
        options.Broker.PublicHost = "127.0.0.1";
        if (storage == "postgresql")
        {
            options.Storage.Provider = "postgresql";
            options.Storage.ConnectionString = database;
            options.MasterKey = masterKey;
        }

        return Task.Run(() => ServiceApp.BuildAsync(options, "http://127.0.0.1:0", TextWriter.Null, web =>
        {
            web.Logging.ClearProviders();
            web.Logging.AddProvider(environment.LoggerProvider);
        }));
    }

    /// <summary>Disposes a built service, its store with it; returns the operator token it printed, if any.</summary>
    private static async Task<string?> DisposeAsync(StartedService started)
    {
        started.App.Services.GetRequiredService<IKeyStore>();
        await started.App.DisposeAsync();
        return started.FirstOperatorToken;
    }

    private static async Task<int> OperatorsAsync(IKeyStore store)
    {
        await using var session = await store.BeginReadAsync(CancellationToken.None);
        return await session.Users.CountOperatorsAsync(CancellationToken.None);
    }
}
