using System.Text.Json;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>
/// `sharekey phone`: a holder fetches a key over HTTP into an owner-only wallet, then works a car
/// over the BLE bridge with no service involved; the exit code is 0 only for a verified acceptance.
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
        var entry = Assert.Single(JsonSerializer.Deserialize<JsonElement>(json.Output, Json.Options).EnumerateArray());
        Assert.Equal(keyId, entry.GetProperty("key").GetProperty("id").GetString());
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
    public async Task Unlock_is_accepted_and_verified_and_json_says_so()
    {
        await using var car = await Fleet.OnlineAsync(service.Service, "phone-car-3", "1M8GDM9A9KP042703");
        await using var ble = new BleCar(car);
        using var wallet = new TempFolder();
        var (keyId, token) = await IssueAsync("jana", "1M8GDM9A9KP042703");
        Assert.Equal(0, (await service.RunAsAsync(token, "phone", "fetch", keyId, "--wallet", wallet.Path)).ExitCode);

        var unlock = await CliRun.OfAsync("phone", "unlock", keyId, "--bridge", ble.Address, "--wallet", wallet.Path);
        var start = await CliRun.OfAsync("phone", "start", keyId, "--bridge", ble.Address, "--wallet", wallet.Path, "--json");

        Assert.True(unlock.ExitCode == 0, unlock.ToString());
        Assert.Contains("ACCEPTED: unlock done; unlimited uses. The answer is signed by the device.", unlock.Output);
        Assert.True(start.ExitCode == 0, start.ToString());
        var outcome = JsonSerializer.Deserialize<JsonElement>(start.Output, Json.Options);
        Assert.Equal("accepted", outcome.GetProperty("status").GetString());
        Assert.Equal("start", outcome.GetProperty("command").GetString());
        Assert.True(outcome.GetProperty("verified").GetBoolean());
    }

    [Fact]
    public async Task A_frozen_key_is_refused_by_the_bulletin_the_phone_carries()
    {
        await using var car = await Fleet.OnlineAsync(service.Service, "phone-car-4", "1M8GDM9A0KP042704");
        await using var ble = new BleCar(car);
        using var wallet = new TempFolder();
        var (keyId, token) = await IssueAsync("karl", "1M8GDM9A0KP042704");
        Assert.Equal(0, (await service.RunAsync("key", "freeze", keyId)).ExitCode);
        Assert.Equal(0, (await service.RunAsAsync(token, "phone", "fetch", keyId, "--wallet", wallet.Path)).ExitCode);

        var run = await CliRun.OfAsync("phone", "unlock", keyId, "--bridge", ble.Address, "--wallet", wallet.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("carrying bulletin #", run.Output);
        Assert.Contains("REFUSED: frozen. The answer is signed by the device.", run.Output);
        Assert.Contains("What to do: the key (or its parent) is frozen: ask the manager to unfreeze it", run.Output);
    }

    [Fact]
    public async Task A_spent_key_cannot_unlock_again_but_still_locks()
    {
        await using var car = await Fleet.OnlineAsync(service.Service, "phone-car-5", "5YJ3E1EA4KF317001");
        await using var ble = new BleCar(car);
        using var wallet = new TempFolder();
        var (keyId, token) = await IssueAsync("lena", "5YJ3E1EA4KF317001", "--max-uses", "1");
        Assert.Equal(0, (await service.RunAsAsync(token, "phone", "fetch", keyId, "--wallet", wallet.Path)).ExitCode);
        string[] at = ["--bridge", ble.Address, "--wallet", wallet.Path];

        var first = await CliRun.OfAsync(["phone", "unlock", keyId, .. at]);
        var second = await CliRun.OfAsync(["phone", "unlock", keyId, .. at]);
        var locked = await CliRun.OfAsync(["phone", "lock", keyId, .. at]);

        Assert.Contains("ACCEPTED: unlock done; 0 use(s) left.", first.Output);
        Assert.Equal(2, second.ExitCode);
        Assert.Contains("REFUSED: uses-exhausted", second.Output);
        Assert.Equal(0, locked.ExitCode);
    }

    [Fact]
    public async Task An_answer_that_does_not_verify_is_not_trusted()
    {
        await using var car = await Fleet.OnlineAsync(service.Service, "phone-car-6", "1HGCM82633A004352");
        await using var ble = new BleCar(car) { ForgeResults = true };
        using var wallet = new TempFolder();
        var (keyId, token) = await IssueAsync("mona", "1HGCM82633A004352");
        Assert.Equal(0, (await service.RunAsAsync(token, "phone", "fetch", keyId, "--wallet", wallet.Path)).ExitCode);

        var run = await CliRun.OfAsync("phone", "unlock", keyId, "--bridge", ble.Address, "--wallet", wallet.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("UNVERIFIED: the answer says accepted, but it is not signed with this key's holder secret", run.Output);
    }

    [Fact]
    public async Task After_a_rotation_the_old_token_is_refused_unsigned_until_fetched_again()
    {
        await using var car = await Fleet.OnlineAsync(service.Service, "phone-car-10", "1M8GDM9A2KP042705");
        await using var ble = new BleCar(car);
        using var wallet = new TempFolder();
        var (keyId, token) = await IssueAsync("pia", "1M8GDM9A2KP042705");
        Assert.Equal(0, (await service.RunAsAsync(token, "phone", "fetch", keyId, "--wallet", wallet.Path)).ExitCode);
        Assert.Equal(0, (await service.RunAsync("rotation", "start", "--device", $"{car.Id:x16}")).ExitCode);
        await Fleet.EventuallyAsync(() => Task.FromResult(car.ActiveEpoch == 2 && car.BackupEpoch == 0), what: "epoch 2 committed on the device");

        var stale = await CliRun.OfAsync("phone", "unlock", keyId, "--bridge", ble.Address, "--wallet", wallet.Path);
        await Fleet.EventuallyAsync(async () => (await service.JsonAsync("key", "show", keyId)).GetProperty("key").GetProperty("epoch").GetInt32() == 2, what: "key re-issued under epoch 2");
        Assert.Equal(0, (await service.RunAsAsync(token, "phone", "fetch", keyId, "--wallet", wallet.Path)).ExitCode);
        var fresh = await CliRun.OfAsync("phone", "unlock", keyId, "--bridge", ble.Address, "--wallet", wallet.Path);

        Assert.Equal(2, stale.ExitCode);
        Assert.Contains("REFUSED (unauthenticated): unknown-epoch", stale.Output);
        Assert.Contains($"fetch it again (`sharekey phone fetch {keyId}`)", stale.Output);
        Assert.Contains("advisory only", stale.Output);
        Assert.True(fresh.ExitCode == 0, fresh.ToString());
        Assert.Contains("(epoch 2)", fresh.Output);
    }

    [Fact]
    public async Task A_key_for_another_device_is_not_sent()
    {
        await using var car = await Fleet.OnlineAsync(service.Service, "phone-car-7", "1M8GDM9AXKP042788");
        await using var other = await Fleet.OnlineAsync(service.Service, "phone-car-8");
        await using var ble = new BleCar(other);
        using var wallet = new TempFolder();
        var (keyId, token) = await IssueAsync("nils", "1M8GDM9AXKP042788");
        Assert.Equal(0, (await service.RunAsAsync(token, "phone", "fetch", keyId, "--wallet", wallet.Path)).ExitCode);

        var run = await CliRun.OfAsync("phone", "unlock", keyId, "--bridge", ble.Address, "--wallet", wallet.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"is device {other.Id:x16}, the key is for device {car.Id:x16}; nothing was sent", run.Error);
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
        await using var car = await Fleet.OnlineAsync(service.Service, "phone-car-9", "1M8GDM9A4KP042706");
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
        var created = await service.JsonAsync("user", "create", user);
        var issued = await service.JsonAsync(["key", "issue", "--type", "owner", "--user", user, "--vin", vin, .. extra]);
        return (issued.GetProperty("key").GetProperty("id").GetString()!, created.GetProperty("token").GetString()!);
    }
}
