using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>
/// One database server for one test class: a migrated store the class's tests share (each test uses
/// its own random ids), and fresh databases for tests that need an empty one.
/// </summary>
public abstract class StoreFixture : IAsyncLifetime
{
    private IKeyStore? store;

    /// <summary>"sqlite" or "postgresql", as <see cref="IKeyStore.Kind"/> reports it.</summary>
    public abstract string Kind { get; }

    /// <summary>Whether two sessions of one store run side by side (PostgreSQL) or one after the other (SQLite).</summary>
    public abstract bool SessionsOverlap { get; }

    public IKeyStore Store => store ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>Where <see cref="Store"/> lives, as <see cref="Open"/> takes it.</summary>
    public string StoreDatabase { get; private set; } = "";

    /// <summary>A new empty database; returns a file path or connection string for <see cref="Open"/>.</summary>
    public abstract Task<string> CreateDatabaseAsync();

    public abstract IKeyStore Open(string database);

    /// <summary>Runs SQL outside the store, to set up what the store itself would never write.</summary>
    public abstract Task ExecuteRawAsync(string database, string sql);

    /// <summary>
    /// Returns once a session of <paramref name="database"/> waits for a row lock another holds
    /// (PostgreSQL). SQLite sessions queue before their first statement, so there is nothing to see.
    /// </summary>
    public abstract Task UntilSessionWaitsAsync(string database);

    public async Task<IKeyStore> NewStoreAsync()
    {
        var fresh = Open(await CreateDatabaseAsync());
        await fresh.MigrateAsync(CancellationToken.None);
        return fresh;
    }

    public async Task InitializeAsync()
    {
        StoreDatabase = await CreateDatabaseAsync();
        store = Open(StoreDatabase);
        await store.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync();
        }

        await DropDatabasesAsync();
    }

    protected abstract Task DropDatabasesAsync();
}
