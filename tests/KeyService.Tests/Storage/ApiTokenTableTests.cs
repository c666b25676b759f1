using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Tests.Storage;

public abstract class ApiTokenTableTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public async Task A_token_is_found_by_its_hash_and_listed_for_its_user()
    {
        var user = await AddUserAsync();
        var hash = Sample.Bytes(32);
        var id = await CommitAsync(s => s.ApiTokens.InsertAsync(user.Id, "laptop", hash, Sample.At(1), null, Ct));
        var second = await CommitAsync(s => s.ApiTokens.InsertAsync(user.Id, "ci", Sample.Bytes(32), Sample.At(2), null, Ct));

        var expected = new ApiToken(id, user.Id, "laptop", hash, Sample.At(1), null);
        AssertSame(new ActiveApiToken(expected, user), await ReadAsync(s => FindAsync(s, hash)));
        Assert.Null(await ReadAsync(s => FindAsync(s, Sample.Bytes(32))));
        var listed = await ReadAsync(s => s.ApiTokens.ListForUserAsync(user.Id, Ct));
        Assert.Equal([id, second], listed.Select(t => t.Id));
        AssertSame(expected, listed[0]);
    }

    [Fact]
    public async Task Several_hashes_are_looked_up_together_each_answered_in_its_place()
    {
        var (user, other) = (await AddUserAsync(), await AddUserAsync());
        var (first, second, revoked) = (Sample.Bytes(32), Sample.Bytes(32), Sample.Bytes(32));
        var firstId = await CommitAsync(s => s.ApiTokens.InsertAsync(user.Id, "laptop", first, Sample.At(1), null, Ct));
        var secondId = await CommitAsync(s => s.ApiTokens.InsertAsync(other.Id, "phone", second, Sample.At(2), Sample.At(5), Ct));
        var revokedId = await CommitAsync(s => s.ApiTokens.InsertAsync(user.Id, "old", revoked, Sample.At(3), null, Ct));
        await CommitAsync(s => s.ApiTokens.RevokeAsync(revokedId, Sample.At(4), Ct));

        // Unknown, revoked and repeated hashes among them; an empty lookup finds nothing.
        var found = await ReadAsync(s => s.ApiTokens.FindActiveByHashesAsync([second, Sample.Bytes(32), first, revoked, second], Ct));

        Assert.Equal([secondId, null, firstId, null, secondId], found.Select(active => active?.Token.Id));
        Assert.Equal([other.Id, user.Id, other.Id], found.OfType<ActiveApiToken>().Select(active => active.User.Id));
        AssertSame(new ApiToken(secondId, other.Id, "phone", second, Sample.At(2), null, Sample.At(5)), found[0]!.Token);
        Assert.Empty(await ReadAsync(s => s.ApiTokens.FindActiveByHashesAsync([], Ct)));
    }

    private async Task<ActiveApiToken?> FindAsync(IStoreSession session, byte[] hash) =>
        (await session.ApiTokens.FindActiveByHashesAsync([hash], Ct)).Single();

    [Fact]
    public async Task A_token_keeps_its_expiry_and_is_still_found_after_it_so_the_refusal_can_say_why()
    {
        var user = await AddUserAsync();
        var hash = Sample.Bytes(32);
        var id = await CommitAsync(s => s.ApiTokens.InsertAsync(user.Id, "ci", hash, Sample.At(1), Sample.At(3), Ct));

        AssertSame(new ApiToken(id, user.Id, "ci", hash, Sample.At(1), null, Sample.At(3)), (await ReadAsync(s => FindAsync(s, hash)))?.Token);
        Assert.Equal(Sample.At(3), Assert.Single(await ReadAsync(s => s.ApiTokens.ListForUserAsync(user.Id, Ct))).ExpiresAt);
    }

    [Fact]
    public async Task A_revoked_token_is_no_longer_found_and_revokes_once()
    {
        var user = await AddUserAsync();
        var hash = Sample.Bytes(32);
        var id = await CommitAsync(s => s.ApiTokens.InsertAsync(user.Id, "phone", hash, Sample.At(1), null, Ct));

        Assert.True(await CommitAsync(s => s.ApiTokens.RevokeAsync(id, Sample.At(9), Ct)));

        Assert.Null(await ReadAsync(s => FindAsync(s, hash)));
        Assert.False(await CommitAsync(s => s.ApiTokens.RevokeAsync(id, Sample.At(10), Ct)));
        Assert.False(await CommitAsync(s => s.ApiTokens.RevokeAsync(long.MaxValue, Sample.At(10), Ct)));
        var listed = Assert.Single(await ReadAsync(s => s.ApiTokens.ListForUserAsync(user.Id, Ct)));
        Assert.Equal(Sample.At(9), listed.RevokedAt);
    }

    [Fact]
    public async Task A_second_token_with_the_same_hash_conflicts_and_writes_nothing()
    {
        var user = await AddUserAsync();
        var hash = Sample.Bytes(32);
        await CommitAsync(s => s.ApiTokens.InsertAsync(user.Id, "one", hash, Sample.At(1), null, Ct));

        await CommitAsync(async s =>
        {
            await Assert.ThrowsAsync<StoreConflictException>(() => s.ApiTokens.InsertAsync(user.Id, "two", hash, Sample.At(2), null, Ct));
            await s.ApiTokens.InsertAsync(user.Id, "three", Sample.Bytes(32), Sample.At(3), null, Ct);
        });

        Assert.Equal(["one", "three"], (await ReadAsync(s => s.ApiTokens.ListForUserAsync(user.Id, Ct))).Select(t => t.Name));
    }
}

public sealed class SqliteApiTokenTableTests(SqliteStoreFixture fixture) : ApiTokenTableTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresApiTokenTableTests(PostgresStoreFixture fixture) : ApiTokenTableTests(fixture), IClassFixture<PostgresStoreFixture>;
