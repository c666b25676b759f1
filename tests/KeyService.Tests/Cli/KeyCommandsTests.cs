using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>`key issue|list|show|freeze|unfreeze|revoke` through to the service's rules (R1).</summary>
public sealed class KeyCommandsTests(CliService service) : IClassFixture<CliService>
{
    [Fact]
    public async Task A_key_issued_by_vin_goes_through_freeze_unfreeze_and_revoke()
    {
        const string vin = "1M8GDM9A5KP042701";
        await using var car = await Fleet.OnlineAsync(service.Service, "keyed-1", vin);
        await service.Service.CreateUserAsync("dora");

        var issued = await service.RunAsync("key", "issue", "--type", "owner", "--user", "dora", "--vin", vin);

        Assert.True(issued.ExitCode == 0, issued.ToString());
        var keyId = (await service.JsonAsync<KeyPageDto>("key", "list", "--holder", "dora")).Items.Single().Id;
        Assert.Matches($@"key\s+{keyId} owner, active", issued.Output);
        Assert.Contains($"sharekey phone fetch {keyId}", issued.Output);
        Assert.Contains("not shown (only the holder gets the token and holder secret)", (await service.RunAsync("key", "show", keyId)).Output);
        Assert.Contains("is now frozen", (await service.RunAsync("key", "freeze", keyId)).Output);
        Assert.Contains("is now active", (await service.RunAsync("key", "unfreeze", keyId)).Output);
        Assert.Equal(KeyState.Revoked, (await service.JsonAsync<KeyDto>("key", "revoke", keyId)).State);
        var again = await service.RunAsync("key", "unfreeze", keyId);
        Assert.Equal(2, again.ExitCode);
        Assert.StartsWith("error key-revoked:", again.Error);
    }

    [Fact]
    public async Task A_device_with_no_confirmed_epoch_cannot_get_keys_yet()
    {
        using var folder = new TempFolder();
        var (id, _) = await service.ProvisionAsync(folder.Path, "unready-1", "parking-lock");
        var (userId, _) = await service.Service.CreateUserAsync("erin");

        var run = await service.RunAsync("key", "issue", "--type", "owner", "--user", userId, "--device", id);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error device-not-ready:", run.Error);
    }

    [Fact]
    public async Task The_vehicle_is_named_exactly_once()
    {
        var both = await service.RunAsync("key", "issue", "--type", "owner", "--user", "admin", "--vin", "1M8GDM9A5KP042701", "--device", CliService.UnknownId);
        var neither = await service.RunAsync("key", "issue", "--type", "owner", "--user", "admin");

        Assert.Equal(1, both.ExitCode);
        Assert.Equal(1, neither.ExitCode);
        Assert.Contains("exactly one of --vin (a car) or --device (a parking lock)", neither.Error);
    }

    [Fact]
    public async Task Limits_reach_the_key()
    {
        const string vin = "1M8GDM9A0KP042704";
        await using var car = await Fleet.OnlineAsync(service.Service, "limited-1", vin);
        var (userId, _) = await service.Service.CreateUserAsync("finn");
        var until = DateTimeOffset.UtcNow.AddDays(2);

        var key = await service.JsonAsync<HeldKeyDto>("key", "issue", "--type", "renter", "--user", userId, "--vin", vin,
            "--not-after", until.ToString("O"), "--max-uses", "3");

        Assert.Equal(3, key.Key.MaxUses);
        Assert.Equal(until.ToUnixTimeSeconds(), key.Key.NotAfter.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Key_list_shows_a_page_and_the_flag_for_the_next()
    {
        const string vin = "1M8GDM9A2KP042705";
        await using var car = await Fleet.OnlineAsync(service.Service, "paged-1", vin);
        var (userId, _) = await service.Service.CreateUserAsync("gwen");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, (await service.RunAsync("key", "issue", "--type", "owner", "--user", userId, "--vin", vin)).ExitCode);
        }

        var first = await service.RunAsync("key", "list", "--holder", "gwen", "--limit", "2");
        var firstPage = await service.JsonAsync<KeyPageDto>("key", "list", "--holder", "gwen", "--limit", "2");
        var rest = await service.JsonAsync<KeyPageDto>("key", "list", "--holder", "gwen", "--limit", "2", "--before", firstPage.NextBefore!);
        var tooMany = await service.RunAsync("key", "list", "--limit", "5000");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"More: --before {firstPage.NextBefore}", first.Output);
        Assert.Equal(2, firstPage.Items.Count);
        Assert.Single(rest.Items);
        Assert.Null(rest.NextBefore);
        Assert.Equal(3, firstPage.Items.Concat(rest.Items).Select(key => key.Id).Distinct().Count());
        Assert.Equal(1, tooMany.ExitCode);
        Assert.Contains("limit must be 1–1000", tooMany.Error);
    }
}
