using ShareKey.EndToEnd.Tests.Support;
using ShareKey.KeyService.Keys;

namespace ShareKey.EndToEnd.Tests.KeyAuthority;

/// <summary>
/// Freezes record who froze (issue 9): the manager of a car freezes a member's share; the member
/// cannot lift it (`sharekey key unfreeze` with their own token is refused), is refused at the car
/// once the manager's phone carried the bulletin to it with no network, and gets in again after the
/// manager unfreezes and carries the next bulletin.
/// </summary>
public sealed class ManagerFreezeTests
{
    [Fact]
    public async Task A_manager_freezes_a_member_who_cannot_unfreeze_and_the_offline_car_follows_the_manager()
    {
        await using var rig = await Rig.StartAsync();
        var board = await rig.ProvisionAsync("car-frozen");
        var car = await rig.CarInServiceAsync(board);
        var manager = await rig.PhoneOfAsync("mona");
        var member = await rig.PhoneOfAsync("milo");
        var managerKey = (await rig.OperatorJsonAsync<HeldKeyDto>("key", "issue", "--type", "owner", "--user", manager.UserName, "--vin", car.Bus.Vin!)).Key.Id;
        var memberKey = (await manager.AsUserJsonAsync<KeyDto>("key", "share", managerKey, "--user", member.UserId)).Id;
        Assert.Equal(0, (await manager.FetchAsync(managerKey)).ExitCode);
        Assert.Equal(0, (await member.FetchAsync(memberKey)).ExitCode);
        await rig.PowerOffAsync(car);
        var underground = await rig.PowerOnAsync(board, online: false);
        var memberBefore = await member.UnlockAsync(memberKey, underground);

        var frozen = await manager.AsUserJsonAsync<KeyDto>("key", "freeze", memberKey);
        var selfUnfreeze = await member.AsUserAsync("key", "unfreeze", memberKey);
        var members = await manager.AsUserJsonAsync<List<KeyNodeDto>>("key", "members", managerKey);
        Assert.Equal(0, (await manager.FetchAsync(managerKey)).ExitCode);
        var carriedFreeze = await manager.LockAsync(managerKey, underground);
        var memberFrozen = await member.UnlockAsync(memberKey, underground);
        var unfrozen = await manager.AsUserJsonAsync<KeyDto>("key", "unfreeze", memberKey);
        Assert.Equal(0, (await manager.FetchAsync(managerKey)).ExitCode);
        var carriedThaw = await manager.LockAsync(managerKey, underground);
        var memberAfter = await member.UnlockAsync(memberKey, underground);

        Assert.True(memberBefore.ExitCode == 0, memberBefore.ToString());
        Assert.Equal(KeyState.Frozen, frozen.State);
        Assert.Equal(1, selfUnfreeze.ExitCode);
        Assert.Contains($"error frozen-by-higher-authority: Key {memberKey} was frozen by the root key's holder (owner/manager); only they (or someone higher) can unfreeze it.", selfUnfreeze.Error);
        var listed = Assert.Single(members);
        Assert.Equal(memberKey, listed.Key.Id);
        Assert.Equal(KeyState.Frozen, listed.Key.State);
        Assert.Equal(manager.UserId, listed.Freeze?.ByUserId);
        Assert.Equal(1, listed.Freeze?.Rank);
        Assert.True(carriedFreeze.ExitCode == 0, carriedFreeze.ToString());
        Assert.Equal(2, memberFrozen.ExitCode);
        Assert.Contains("REFUSED: frozen. The answer is signed by the device.", memberFrozen.Output);
        Assert.Contains("ask the manager to unfreeze it", memberFrozen.Output);
        Assert.Equal(KeyState.Active, unfrozen.State);
        Assert.True(carriedThaw.ExitCode == 0, carriedThaw.ToString());
        Assert.True(memberAfter.ExitCode == 0, memberAfter.ToString());
        Assert.False(underground.Relays.DoorsLocked);
        Assert.False(underground.Online.IsCompleted);
    }
}
