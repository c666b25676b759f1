using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Tests.Storage;

public abstract class UserTableTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public async Task A_user_reads_back_by_id_and_by_name()
    {
        var user = Sample.User(UserRole.Operator);
        await CommitAsync(s => s.Users.InsertAsync(user, Ct));

        AssertSame(user, await ReadAsync(s => s.Users.GetAsync(user.Id, Ct)));
        AssertSame(user, await ReadAsync(s => s.Users.FindByNameAsync(user.Name, Ct)));
        Assert.Null(await ReadAsync(s => s.Users.GetAsync(Sample.Id(), Ct)));
        Assert.Null(await ReadAsync(s => s.Users.FindByNameAsync(Sample.Name("nobody"), Ct)));
    }

    [Fact]
    public async Task A_taken_name_conflicts_writes_nothing_and_the_session_goes_on()
    {
        var first = await AddUserAsync();
        var clash = Sample.User() with { Name = first.Name };
        var other = Sample.User();

        await CommitAsync(async s =>
        {
            await Assert.ThrowsAsync<StoreConflictException>(() => s.Users.InsertAsync(clash, Ct));
            await s.Users.InsertAsync(other, Ct);
        });

        Assert.Null(await ReadAsync(s => s.Users.GetAsync(clash.Id, Ct)));
        AssertSame(other, await ReadAsync(s => s.Users.GetAsync(other.Id, Ct)));
        AssertSame(first, await ReadAsync(s => s.Users.FindByNameAsync(first.Name, Ct)));
    }

    [Fact]
    public async Task A_user_is_disabled_and_enabled_again()
    {
        var user = await AddUserAsync();

        Assert.True(await CommitAsync(s => s.Users.SetDisabledAsync(user.Id, Sample.At(5), Ct)));
        AssertSame(user with { DisabledAt = Sample.At(5) }, await ReadAsync(s => s.Users.GetAsync(user.Id, Ct)));
        AssertSame(user with { DisabledAt = Sample.At(5) }, await ReadAsync(s => s.Users.FindByNameAsync(user.Name, Ct)));

        Assert.True(await CommitAsync(s => s.Users.SetDisabledAsync(user.Id, null, Ct)));
        AssertSame(user, await ReadAsync(s => s.Users.GetAsync(user.Id, Ct)));
        Assert.False(await CommitAsync(s => s.Users.SetDisabledAsync(Sample.Id(), Sample.At(6), Ct)));
    }

    [Fact]
    public async Task A_taken_id_conflicts()
    {
        var first = await AddUserAsync();

        await using var session = await Store.BeginAsync(Ct);
        await Assert.ThrowsAsync<StoreConflictException>(() => session.Users.InsertAsync(Sample.User() with { Id = first.Id }, Ct));
    }

    [Fact]
    public async Task Users_page_by_name_byte_by_byte_and_operators_are_counted_and_found()
    {
        await using var store = await Fixture.NewStoreAsync();
        User[] users =
        [
            Sample.User() with { Name = "carol" },
            Sample.User(UserRole.Operator) with { Name = "alice" },
            Sample.User(UserRole.Operator) with { Name = "Bob" },
            Sample.User() with { Name = "dave" },
        ];
        await CommitAsync(async s =>
        {
            foreach (var user in users)
            {
                await s.Users.InsertAsync(user, Ct);
            }
        }, store);

        Assert.Equal(["Bob", "alice", "carol", "dave"], (await ReadAsync(s => s.Users.PageAsync(null, 10, Ct), store)).Select(u => u.Name));
        Assert.Equal(["Bob", "alice"], (await ReadAsync(s => s.Users.PageAsync(null, 2, Ct), store)).Select(u => u.Name));
        Assert.Equal(["carol", "dave"], (await ReadAsync(s => s.Users.PageAsync("alice", 2, Ct), store)).Select(u => u.Name));
        // A cursor need not be a name in use: the page starts after where it would sort.
        Assert.Equal(["alice", "carol"], (await ReadAsync(s => s.Users.PageAsync("C", 2, Ct), store)).Select(u => u.Name));
        Assert.Empty(await ReadAsync(s => s.Users.PageAsync("dave", 2, Ct), store));
        Assert.Equal(2, await ReadAsync(s => s.Users.CountOperatorsAsync(Ct), store));
        Assert.Equal(users.Where(u => u.Role == UserRole.Operator).Select(u => u.Id).Order(), (await ReadAsync(s => s.Users.OperatorIdsAsync(Ct), store)).Order());
    }
}

public sealed class SqliteUserTableTests(SqliteStoreFixture fixture) : UserTableTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresUserTableTests(PostgresStoreFixture fixture) : UserTableTests(fixture), IClassFixture<PostgresStoreFixture>;
