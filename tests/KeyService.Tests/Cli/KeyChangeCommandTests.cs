using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>`key change`: the manager narrows a share; its holder cannot; naming nothing to change is a usage error.</summary>
public sealed class KeyChangeCommandTests(CliService service) : IClassFixture<CliService>
{
    [Fact]
    public async Task The_manager_changes_a_share_and_its_holder_may_not()
    {
        const string vin = "1M8GDM9A0KP042721";
        await using var car = await Fleet.OnlineAsync(service.Service, "change-1", vin);
        var owner = await UserAsync("mia-c");
        var (noahId, noahToken) = await UserAsync("noah-c");
        var ownerKey = (await service.JsonAsync<HeldKeyDto>("key", "issue", "--type", "owner", "--user", "mia-c", "--vin", vin)).Key.Id;
        var noahKey = (await service.RunAsAsync(owner.Token, "key", "share", ownerKey, "--user", noahId, "--json")).Read<KeyDto>().Id;

        var until = DateTimeOffset.UtcNow.AddHours(3).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var changed = await service.RunAsAsync(owner.Token, "key", "change", noahKey, "--until", until, "--max-uses", "4");
        Assert.True(changed.ExitCode == 0, changed.ToString());
        Assert.Contains($"Key {noahKey} is now valid", changed.Output);
        Assert.Contains("4 uses.", changed.Output);

        var byHolder = await service.RunAsAsync(noahToken, "key", "change", noahKey, "--max-uses", "9");
        Assert.Equal(1, byHolder.ExitCode);
        Assert.StartsWith("error forbidden:", byHolder.Error);
        var nothing = await service.RunAsAsync(owner.Token, "key", "change", noahKey);
        Assert.Equal(1, nothing.ExitCode);
        Assert.Contains("name at least one of --from, --until or --max-uses", nothing.Error);
    }

    private async Task<(string Id, string Token)> UserAsync(string name)
    {
        var created = await service.JsonAsync<UserApi.CreatedUser>("user", "create", name);
        return (created.User.Id, created.Token);
    }
}
