using ShareKey.Phone.Commands;
using ShareKey.Phone.Keys;
using ShareKey.Phone.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Phone.Tests;

/// <summary>The wallet: owner-only files, damaged ones named, and what the phone learns about a key kept with it.</summary>
public sealed class WalletTests
{
    [Fact]
    public async Task A_fetched_key_is_stored_owner_only_and_read_back_whole()
    {
        await using var temp = new TempWallet();

        var path = FetchedKey.Store(temp.Wallet, SampleKeys.Material(), "http://service", DateTimeOffset.UtcNow);
        var entry = temp.Wallet.Find(SampleKeys.KeyHex);

        Assert.NotNull(entry);
        Assert.Equal("active", entry.State);
        Assert.Equal(SampleKeys.Token().Tag, HeldKeys.From(entry).Token.Tag);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(temp.Wallet.Folder));
        }
    }

    [Fact]
    public async Task Fetching_a_key_the_service_revoked_marks_the_stored_copy_revoked()
    {
        await using var temp = new TempWallet();
        FetchedKey.Store(temp.Wallet, SampleKeys.Material(), "http://service", DateTimeOffset.UtcNow);

        var failure = Assert.Throws<PhoneFailure>(() => FetchedKey.Store(temp.Wallet, SampleKeys.Material("revoked", withSecret: false), "http://service", DateTimeOffset.UtcNow));
        var entry = temp.Wallet.Find(SampleKeys.KeyHex)!;

        Assert.False(failure.IsUsage);
        Assert.Contains("is revoked", failure.Message);
        Assert.Equal("revoked", entry.State);
        Assert.Equal(LearnedState.FromService, entry.Learned!.Source);
        Assert.NotNull(entry.Held.Token);
    }

    [Fact]
    public async Task Fetching_a_revoked_key_the_wallet_never_held_stores_nothing()
    {
        await using var temp = new TempWallet();

        Assert.Throws<PhoneFailure>(() => FetchedKey.Store(temp.Wallet, SampleKeys.Material("revoked", withSecret: false), "http://service", DateTimeOffset.UtcNow));

        Assert.Empty(temp.Wallet.List());
    }

    [Fact]
    public async Task Material_without_a_holder_secret_is_a_usage_error()
    {
        await using var temp = new TempWallet();

        var failure = Assert.Throws<PhoneFailure>(() => FetchedKey.Store(temp.Wallet, SampleKeys.Material(withSecret: false), "http://service", DateTimeOffset.UtcNow));

        Assert.True(failure.IsUsage);
        Assert.Contains("only its holder gets one", failure.Message);
    }

    [Fact]
    public async Task A_key_known_to_be_revoked_is_not_sent()
    {
        await using var temp = new TempWallet();
        FetchedKey.Store(temp.Wallet, SampleKeys.Material(), "http://service", DateTimeOffset.UtcNow);
        temp.Wallet.Learn(SampleKeys.KeyHex, new LearnedState("revoked", LearnedState.FromService, DateTimeOffset.UtcNow, "the service says the key is revoked"));

        // No device listens there: the key must be refused before any connection is tried.
        var failure = await Assert.ThrowsAsync<PhoneFailure>(() => AtTheDevice.RunAsync(temp.Wallet, SampleKeys.KeyHex, "127.0.0.1:1", CommandCode.Unlock, -50, CancellationToken.None));

        Assert.Contains($"key {SampleKeys.KeyHex} is revoked (the service says the key is revoked", failure.Message);
        Assert.Contains("nothing was sent", failure.Message);
    }

    [Fact]
    public async Task A_damaged_file_is_named()
    {
        await using var temp = new TempWallet();
        Directory.CreateDirectory(temp.Wallet.Folder);
        File.WriteAllText(temp.Wallet.PathOf(SampleKeys.KeyHex), "{ not json");

        var damaged = Assert.Throws<InvalidDataException>(() => temp.Wallet.List());

        Assert.Contains(SampleKeys.KeyHex + ".json", damaged.Message);
    }
}
