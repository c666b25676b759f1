using ShareKey.EndToEnd.Tests.Support;
using ShareKey.KeyService.Keys;

namespace ShareKey.EndToEnd.Tests.KeyAuthority;

/// <summary>
/// Issue 9's last two powers, at a car with no network: a manager narrows a member's key (R1.5) and
/// an operator disables a user. The car never hears from the service meanwhile; the manager's own
/// phone carries each bulletin to it.
/// </summary>
public sealed class ChangeAndDisableAtAnOfflineCarTests
{
    /// <summary>
    /// The member's old token is refused superseded once the bulletin is at the car; the key keeps its
    /// id, so the use the car already counted stays counted under the new limit. The member cannot
    /// widen their own key.
    /// </summary>
    [Fact]
    public async Task A_changed_key_is_refused_in_its_old_form_and_keeps_its_use_count_under_the_new_limit()
    {
        await using var rig = await Rig.StartAsync();
        var board = await rig.ProvisionAsync("car-changed");
        var car = await rig.CarInServiceAsync(board);
        var manager = await rig.PhoneOfAsync("maya");
        var member = await rig.PhoneOfAsync("max");
        var managerKey = (await rig.OperatorJsonAsync<HeldKeyDto>("key", "issue", "--type", "owner", "--user", manager.UserName, "--vin", car.Bus.Vin!)).Key.Id;
        var memberKey = (await manager.AsUserJsonAsync<KeyDto>("key", "share", managerKey, "--user", member.UserId, "--max-uses", "10")).Id;
        Assert.Equal(0, (await manager.FetchAsync(managerKey)).ExitCode);
        Assert.Equal(0, (await member.FetchAsync(memberKey)).ExitCode);
        await rig.PowerOffAsync(car);
        var underground = await rig.PowerOnAsync(board, online: false);
        var firstUse = await member.UnlockAsync(memberKey, underground);
        var oldForm = member.WithCopyOf(memberKey);

        var widened = await member.AsUserAsync("key", "change", memberKey, "--max-uses", "100");
        var changed = await manager.AsUserJsonAsync<KeyDto>("key", "change", memberKey, "--max-uses", "2");
        Assert.Equal(0, (await manager.FetchAsync(managerKey)).ExitCode);
        var carried = await manager.LockAsync(managerKey, underground);
        var oldAttempt = await oldForm.UnlockAsync(memberKey, underground);
        var refetched = await member.FetchAsync(memberKey);
        var secondUse = await member.UnlockAsync(memberKey, underground);
        var thirdUse = await member.UnlockAsync(memberKey, underground);

        Assert.True(firstUse.ExitCode == 0, firstUse.ToString());
        Assert.Equal(1, widened.ExitCode);
        Assert.Contains("error forbidden:", widened.Error);
        Assert.Equal(memberKey, changed.Id);
        Assert.Equal(2, changed.MaxUses);
        Assert.True(carried.ExitCode == 0, carried.ToString());
        Assert.Equal(2, oldAttempt.ExitCode);
        Assert.Contains("REFUSED: superseded. The answer is signed by the device.", oldAttempt.Output);
        Assert.True(refetched.ExitCode == 0, refetched.ToString());
        Assert.True(secondUse.ExitCode == 0, secondUse.ToString());
        Assert.Equal(2, thirdUse.ExitCode);
        Assert.Contains("REFUSED: uses-exhausted. The answer is signed by the device.", thirdUse.Output);
        Assert.False(underground.Online.IsCompleted);
    }

    /// <summary>
    /// A disabled user's tokens are refused by the service at once and their keys revoked; the
    /// offline car refuses the key once another holder's phone carried the bulletin. Enabling the user
    /// again gives back API access, not the revoked key.
    /// </summary>
    [Fact]
    public async Task A_disabled_users_key_is_refused_at_the_offline_car_and_enabling_them_does_not_bring_it_back()
    {
        await using var rig = await Rig.StartAsync();
        var board = await rig.ProvisionAsync("car-disabled");
        var car = await rig.CarInServiceAsync(board);
        var owner = await rig.PhoneOfAsync("olga");
        var member = await rig.PhoneOfAsync("mick");
        var ownerKey = (await rig.OperatorJsonAsync<HeldKeyDto>("key", "issue", "--type", "owner", "--user", owner.UserName, "--vin", car.Bus.Vin!)).Key.Id;
        var memberKey = (await owner.AsUserJsonAsync<KeyDto>("key", "share", ownerKey, "--user", member.UserId)).Id;
        Assert.Equal(0, (await member.FetchAsync(memberKey)).ExitCode);
        await rig.PowerOffAsync(car);
        var underground = await rig.PowerOnAsync(board, online: false);
        var before = await member.UnlockAsync(memberKey, underground);

        var selfDisable = await rig.OperatorAsync("user", "disable", "admin", "--keys", "keep");
        var disabled = await rig.OperatorAsync("user", "disable", member.UserName, "--keys", "revoke");
        var refusedByService = await member.FetchAsync(memberKey);
        Assert.Equal(0, (await owner.FetchAsync(ownerKey)).ExitCode);
        var carried = await owner.LockAsync(ownerKey, underground);
        var after = await member.UnlockAsync(memberKey, underground);
        var enabled = await rig.OperatorAsync("user", "enable", member.UserName);
        var keyAfterEnable = await member.AsUserJsonAsync<HeldKeyDto>("key", "show", memberKey);

        Assert.True(before.ExitCode == 0, before.ToString());
        Assert.NotEqual(0, selfDisable.ExitCode);
        Assert.True(disabled.ExitCode == 0, disabled.ToString());
        Assert.NotEqual(0, refusedByService.ExitCode);
        Assert.Contains("error user-disabled:", refusedByService.Error);
        Assert.True(carried.ExitCode == 0, carried.ToString());
        Assert.Equal(2, after.ExitCode);
        Assert.Contains("REFUSED: revoked. The answer is signed by the device.", after.Output);
        Assert.True(enabled.ExitCode == 0, enabled.ToString());
        Assert.Equal(KeyState.Revoked, keyAfterEnable.Key.State);
        Assert.True(keyAfterEnable.Token is null, "a revoked key is shown without a token");
        Assert.False(underground.Online.IsCompleted);
    }
}
