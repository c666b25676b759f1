using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>
/// What every storage test class shares. Each behaviour is written once, as an abstract class
/// deriving from this, with a SQLite and a PostgreSQL subclass that only pick the fixture.
/// </summary>
public abstract class StoreTests(StoreFixture fixture) : IDisposable
{
    // A hung lock fails the test instead of the run.
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));

    protected StoreFixture Fixture => fixture;

    protected IKeyStore Store => fixture.Store;

    protected CancellationToken Ct => timeout.Token;

    public void Dispose()
    {
        timeout.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs <paramref name="work"/> in one session and commits it.</summary>
    protected async Task<T> CommitAsync<T>(Func<IStoreSession, Task<T>> work, IKeyStore? store = null)
    {
        await using var session = await (store ?? Store).BeginAsync(Ct);
        var result = await work(session);
        await session.CommitAsync(Ct);
        return result;
    }

    protected Task CommitAsync(Func<IStoreSession, Task> work, IKeyStore? store = null) =>
        CommitAsync(async session =>
        {
            await work(session);
            return true;
        }, store);

    /// <summary>Runs <paramref name="read"/> in a session that is then rolled back.</summary>
    protected async Task<T> ReadAsync<T>(Func<IStoreSession, Task<T>> read, IKeyStore? store = null)
    {
        await using var session = await (store ?? Store).BeginAsync(Ct);
        return await read(session);
    }

    protected async Task<Device> AddDeviceAsync(IKeyStore? store = null)
    {
        var device = Sample.Device();
        await CommitAsync(s => s.Devices.InsertAsync(device, Ct), store);
        return device;
    }

    protected async Task<User> AddUserAsync(IKeyStore? store = null)
    {
        var user = Sample.User();
        await CommitAsync(s => s.Users.InsertAsync(user, Ct), store);
        return user;
    }

    /// <summary>Field by field, arrays and lists by content.</summary>
    protected static void AssertSame<T>(T expected, T actual) => Assert.Equivalent(expected, actual, strict: true);
}
