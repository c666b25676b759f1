using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.KeyService.Users;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>`key share|tree|members|give-up`, freezes and `user tokens|revoke-token` through the CLI: who may do what, and the exit codes of refusals.</summary>
public sealed class ShareCommandsTests(CliService service) : IClassFixture<CliService>
{
    [Fact]
    public async Task An_owner_shares_sees_the_tree_and_a_member_gives_up()
    {
        const string vin = "1M8GDM9AXKP042709";
        await using var car = await Fleet.OnlineAsync(service.Service, "shared-1", vin);
        var owner = await UserAsync("owen");
        var (hannaId, hannaToken) = await UserAsync("hanna");
        var ownerKey = (await service.JsonAsync<HeldKeyDto>("key", "issue", "--type", "owner", "--user", "owen", "--vin", vin)).Key.Id;

        var shared = await service.RunAsAsync(owner.Token, "key", "share", ownerKey, "--user", hannaId, "--max-uses", "3", "--permissions", "unlock,lock");
        Assert.True(shared.ExitCode == 0, shared.ToString());
        var hannaKey = System.Text.RegularExpressions.Regex.Match(shared.Output, "key ([0-9a-f]{16})").Groups[1].Value;
        Assert.Contains("(co-use)", shared.Output);
        Assert.Contains($"sharekey phone fetch {hannaKey}", shared.Output);

        var tree = await service.RunAsAsync(owner.Token, "key", "tree");
        Assert.True(tree.ExitCode == 0, tree.ToString());
        Assert.Contains(tree.Output.Split('\n'), line => line.Contains(ownerKey) && line.Contains("root"));
        Assert.Contains(tree.Output.Split('\n'), line => line.Contains($"└ {hannaKey}") && line.Contains("co-use") && line.Contains("unlock,lock"));
        var members = (await service.RunAsAsync(owner.Token, "key", "members", ownerKey, "--json")).Read<KeyNodeDto[]>();
        Assert.Equal(hannaKey, members[0].Key.Id);

        // Hanna holds no share permission: refused (usage, exit 1); the manager freezes her, she cannot lift it (exit 1).
        var reshared = await service.RunAsAsync(hannaToken, "key", "share", hannaKey, "--user", owner.Id);
        Assert.Equal(1, reshared.ExitCode);
        Assert.StartsWith("error forbidden:", reshared.Error);
        Assert.Equal(0, (await service.RunAsAsync(owner.Token, "key", "freeze", hannaKey)).ExitCode);
        var lifted = await service.RunAsAsync(hannaToken, "key", "unfreeze", hannaKey);
        Assert.Equal(1, lifted.ExitCode);
        Assert.StartsWith("error frozen-by-higher-authority:", lifted.Error);
        Assert.Contains("manager", (await service.RunAsAsync(owner.Token, "key", "tree", ownerKey, "--json")).Read<KeyNodeDto[]>()[1].Freeze?.By);

        var given = await service.RunAsAsync(hannaToken, "key", "give-up", hannaKey);
        Assert.True(given.ExitCode == 0, given.ToString());
        Assert.Contains($"Gave up key {hannaKey}: it is revoked", given.Output);
        var wider = await service.RunAsAsync(owner.Token, "key", "share", ownerKey, "--user", hannaId, "--permissions", "unlock,manage");
        Assert.Equal(1, wider.ExitCode);
        Assert.StartsWith("error invalid-request:", wider.Error);
    }

    [Fact]
    public async Task Share_needs_a_user_and_a_known_mode()
    {
        var noUser = await service.RunAsync("key", "share", "0000000000000001");
        var badMode = await service.RunAsync("key", "share", "0000000000000001", "--user", "0000000000000002", "--mode", "lend");

        Assert.Equal(1, noUser.ExitCode);
        Assert.Equal(1, badMode.ExitCode);
    }

    [Fact]
    public async Task A_user_lists_and_revokes_a_token_of_their_own()
    {
        var (_, token) = await UserAsync("tina");
        var second = (await service.RunAsAsync(token, "user", "token", "--label", "tablet")).Output.Split('\n', StringSplitOptions.TrimEntries).Single(line => line.StartsWith("skt_", StringComparison.Ordinal));

        var listed = await service.RunAsAsync(token, "user", "tokens");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains(listed.Output.Split('\n'), line => line.Contains("tablet"));
        var tabletId = (await service.RunAsAsync(token, "user", "tokens", "--json")).Read<ApiTokenDto[]>().Single(t => t.Name == "tablet").Id;

        var revoked = await service.RunAsAsync(token, "user", "revoke-token", tabletId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        Assert.Contains("is revoked", revoked.Output);
        var shutOut = await service.RunAsAsync(second, "key", "list");
        Assert.Equal(1, shutOut.ExitCode);
        Assert.StartsWith("error unauthenticated:", shutOut.Error);
        Assert.Equal(0, (await service.RunAsAsync(token, "key", "list")).ExitCode);
    }

    private async Task<(string Id, string Token)> UserAsync(string name)
    {
        var created = await service.JsonAsync<UserApi.CreatedUser>("user", "create", name);
        return (created.User.Id, created.Token);
    }
}
