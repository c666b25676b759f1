using ShareKey.KeyService.Api;
using ShareKey.KeyService.Cli.Commands;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>
/// `sharekey phone` against the service: a holder fetches a key over HTTP into an owner-only wallet,
/// and the commands at the car fail clearly before any device is involved. Working a real car over
/// the BLE bridge is tests/EndToEnd.Tests (PhoneAtTheCarTests and the rotation and revocation stories).
/// </summary>
public sealed class PhoneCommandsTests(CliService service) : IClassFixture<CliService>
{
    [Fact]
    public async Task Fetch_stores_an_owner_only_entry_that_keys_lists_without_secrets()
    {
        await using var car = await Fleet.OnlineAsync(service.Service, "phone-car-1", "1M8GDM9A5KP042701");
        using var wallet = new TempFolder();
        var (keyId, token) = await IssueAsync("hana", "1M8GDM9A5KP042701");

        var fetched = await service.RunAsAsync(token, "phone", "fetch", keyId, "--wallet", wallet.Path);
        var listed = await CliRun.OfAsync("phone", "keys", "--wallet", wallet.Path);
        var json = await CliRun.OfAsync("phone", "keys", "--wallet", wallet.Path, "--json");

        Assert.True(fetched.ExitCode == 0, fetched.ToString());
        Assert.Contains("a signed time", fetched.Output);
        var file = Path.Combine(wallet.Path, keyId + ".json");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.Contains(listed.Output.Split('\n'), line => line.Contains(keyId) && line.Contains($"{car.Id:x16}") && line.Contains("time"));
        var entry = Assert.Single(ApiJson.Parse<PhoneKeysCommand.Listed[]>(json.Output));
        Assert.Equal(keyId, entry.Key.Id);
        Assert.DoesNotContain("holderSecret", json.Output);
    }

    [Fact]
    public async Task Fetching_a_revoked_key_says_so()
    {
        await using var car = await Fleet.OnlineAsync(service.Service, "phone-car-9", "1M8GDM9AXKP042709");
        using var wallet = new TempFolder();
        var (keyId, token) = await IssueAsync("ivo", "1M8GDM9AXKP042709");
        Assert.True((await service.Service.Operator.PostAsync($"/v1/keys/{keyId}/revoke", null)).IsSuccessStatusCode);

        var fetched = await service.RunAsAsync(token, "phone", "fetch", keyId, "--wallet", wallet.Path);

        Assert.Equal(2, fetched.ExitCode);
        Assert.Contains("is revoked", fetched.Error);
        Assert.False(File.Exists(Path.Combine(wallet.Path, keyId + ".json")));
    }

    [Fact]
    public async Task A_key_revoked_after_its_fetch_is_listed_as_revoked_once_a_fetch_finds_out_and_is_not_sent_again()
    {
        await using var car = await Fleet.OnlineAsync(service.Service, "phone-car-12", "1M8GDM9A6KP042707");
        using var wallet = new TempFolder();
        var (keyId, token) = await IssueAsync("uma", "1M8GDM9A6KP042707");
        Assert.Equal(0, (await service.RunAsAsync(token, "phone", "fetch", keyId, "--wallet", wallet.Path)).ExitCode);
        Assert.True((await service.Service.Operator.PostAsync($"/v1/keys/{keyId}/revoke", null)).IsSuccessStatusCode);

        var fetched = await service.RunAsAsync(token, "phone", "fetch", keyId, "--wallet", wallet.Path);
        var listed = await CliRun.OfAsync("phone", "keys", "--wallet", wallet.Path, "--json");
        var unlock = await CliRun.OfAsync("phone", "unlock", keyId, "--bridge", "127.0.0.1:1", "--wallet", wallet.Path);

        Assert.Equal(2, fetched.ExitCode);
        Assert.Contains("the wallet's copy is marked revoked", fetched.Error);
        var entry = Assert.Single(ApiJson.Parse<PhoneKeysCommand.Listed[]>(listed.Output));
        Assert.Equal("revoked", entry.State);
        Assert.Equal("service", entry.Learned?.Source);
        Assert.Equal(2, unlock.ExitCode);
        Assert.Contains($"key {keyId} is revoked", unlock.Error);
        Assert.Contains("nothing was sent", unlock.Error);
    }

    [Fact]
    public async Task Only_the_holder_can_fetch()
    {
        await using var car = await Fleet.OnlineAsync(service.Service, "phone-car-2", "1M8GDM9A7KP042702");
        using var wallet = new TempFolder();
        var (keyId, _) = await IssueAsync("ivan", "1M8GDM9A7KP042702");

        var run = await service.RunAsync("phone", "fetch", keyId, "--wallet", wallet.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("only its holder gets one", run.Error);
        Assert.Empty(Directory.GetFileSystemEntries(wallet.Path));
    }

    [Fact]
    public async Task A_key_not_in_the_wallet_says_how_to_get_it()
    {
        using var wallet = new TempFolder();
        var keyId = CliService.UnknownId;

        var run = await CliRun.OfAsync("phone", "unlock", keyId, "--bridge", "127.0.0.1:1", "--wallet", wallet.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"the wallet {wallet.Path} has no key {keyId}; get it with `sharekey phone fetch {keyId}`", run.Error);
    }

    [Fact]
    public async Task A_bridge_that_is_not_there_is_a_runtime_failure_and_a_bad_address_a_usage_error()
    {
        await using var car = await Fleet.OnlineAsync(service.Service, "phone-car-11", "1M8GDM9A4KP042706");
        using var wallet = new TempFolder();
        var (keyId, token) = await IssueAsync("olga", "1M8GDM9A4KP042706");
        Assert.Equal(0, (await service.RunAsAsync(token, "phone", "fetch", keyId, "--wallet", wallet.Path)).ExitCode);
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var address = closed.LocalEndpoint.ToString()!;
        closed.Stop();

        var unreachable = await CliRun.OfAsync("phone", "lock", keyId, "--bridge", address, "--wallet", wallet.Path);
        var malformed = await CliRun.OfAsync("phone", "lock", keyId, "--bridge", "no-port-here", "--wallet", wallet.Path);

        Assert.Equal(2, unreachable.ExitCode);
        Assert.Contains($"cannot reach the BLE bridge at {address}", unreachable.Error);
        Assert.Equal(1, malformed.ExitCode);
        Assert.Contains("'no-port-here' is not HOST:PORT", malformed.Error);
    }

    /// <summary>A user, their API token, and an owner (or other) key issued to them by the operator for the car with <paramref name="vin"/>.</summary>
    private async Task<(string KeyId, string Token)> IssueAsync(string user, string vin, params string[] extra)
    {
        var created = await service.JsonAsync<UserApi.CreatedUser>("user", "create", user);
        var issued = await service.JsonAsync<HeldKeyDto>(["key", "issue", "--type", "owner", "--user", user, "--vin", vin, .. extra]);
        return (issued.Key.Id, created.Token);
    }
}
