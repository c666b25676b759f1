using ShareKey.EndToEnd.Tests.Support;
using ShareKey.KeyService.Keys;

namespace ShareKey.EndToEnd.Tests.KeyAuthority;

/// <summary>
/// R2.5–R2.6 at a car with no network: an owner shares co-use, the co-user passes their key on by
/// transfer, and once the recipient has opened the car the sharer's key — and what the sharer
/// shared co-use — is refused there. The car never hears from the service meanwhile: it learns the
/// transfer from the recipient's own token, as the issue asks ("enforced by the device itself, offline").
/// </summary>
public sealed class ShareAtAnOfflineCarTests
{
    [Fact]
    public async Task After_the_recipients_first_unlock_the_sharer_is_refused_at_the_offline_car()
    {
        await using var rig = await Rig.StartAsync();
        var board = await rig.ProvisionAsync("car-shared");
        var car = await rig.CarInServiceAsync(board);
        var vin = car.Bus.Vin!;
        var alice = await rig.PhoneOfAsync("alice");
        var bob = await rig.PhoneOfAsync("bob");
        var carol = await rig.PhoneOfAsync("carol");
        var erin = await rig.PhoneOfAsync("erin");
        var aliceKey = (await rig.OperatorJsonAsync<HeldKeyDto>("key", "issue", "--type", "owner", "--user", alice.UserName, "--vin", vin)).Key.Id;

        // The owner shares co-use (with the right to share on); the co-user transfers and shares co-use.
        var bobKey = (await alice.AsUserJsonAsync<KeyDto>("key", "share", aliceKey, "--user", bob.UserId, "--mode", "co-use", "--permissions", "unlock,lock,start,share")).Id;
        var ownerTransfer = await alice.AsUserAsync("key", "share", aliceKey, "--user", carol.UserId, "--mode", "transfer");
        var carolKey = (await bob.AsUserJsonAsync<KeyDto>("key", "share", bobKey, "--user", carol.UserId, "--mode", "transfer")).Id;
        var erinKey = (await bob.AsUserJsonAsync<KeyDto>("key", "share", bobKey, "--user", erin.UserId, "--mode", "co-use")).Id;
        var secondTransfer = await bob.AsUserAsync("key", "share", bobKey, "--user", alice.UserId, "--mode", "transfer");
        foreach (var (phone, key) in new[] { (alice, aliceKey), (bob, bobKey), (carol, carolKey), (erin, erinKey) })
        {
            var fetched = await phone.FetchAsync(key);
            Assert.True(fetched.ExitCode == 0, fetched.ToString());
        }

        await rig.PowerOffAsync(car);
        var underground = await rig.PowerOnAsync(board, online: false);
        var bobBefore = await bob.UnlockAsync(bobKey, underground);
        var erinBefore = await erin.UnlockAsync(erinKey, underground);
        var carolFirst = await carol.UnlockAsync(carolKey, underground);
        var bobAfter = await bob.UnlockAsync(bobKey, underground);
        var erinAfter = await erin.UnlockAsync(erinKey, underground);
        var carolAgain = await carol.LockAsync(carolKey, underground);
        var aliceAfter = await alice.UnlockAsync(aliceKey, underground);

        Assert.Equal(1, ownerTransfer.ExitCode);
        Assert.Contains("error invalid-request:", ownerTransfer.Error);
        Assert.Contains("ownership is not handed on by sharing", ownerTransfer.Error);
        Assert.Equal(2, secondTransfer.ExitCode);
        Assert.Contains("error transfer-pending:", secondTransfer.Error);
        Assert.Contains($"already being transferred to key {carolKey}", secondTransfer.Error);
        Assert.True(bobBefore.ExitCode == 0, bobBefore.ToString());
        Assert.True(erinBefore.ExitCode == 0, erinBefore.ToString());
        Assert.True(carolFirst.ExitCode == 0, carolFirst.ToString());
        Assert.Contains("ACCEPTED: unlock done", carolFirst.Output);
        Assert.Equal(2, bobAfter.ExitCode);
        Assert.Contains("REFUSED: revoked. The answer is signed by the device.", bobAfter.Output);
        Assert.Equal(2, erinAfter.ExitCode);
        Assert.Contains("REFUSED: parent-revoked. The answer is signed by the device.", erinAfter.Output);
        Assert.True(carolAgain.ExitCode == 0, carolAgain.ToString());
        Assert.True(aliceAfter.ExitCode == 0, aliceAfter.ToString());
        Assert.False(underground.Relays.DoorsLocked);
        Assert.False(underground.Online.IsCompleted);
    }
}
