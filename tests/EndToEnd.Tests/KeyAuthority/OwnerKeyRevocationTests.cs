using ShareKey.EndToEnd.Tests.Support;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Provisioning;

namespace ShareKey.EndToEnd.Tests.KeyAuthority;

/// <summary>
/// Revoking a key revokes its whole subtree (issue 9), on a car with no network: the owner key is
/// revoked, and once another user's phone — not one of the revoked holders — has carried the newest
/// bulletin to the car, the owner, the co-user the owner shared with and the key shared on from that
/// share (two levels down) are all refused there, while the carrier's own key keeps working.
/// </summary>
public sealed class OwnerKeyRevocationTests
{
    [Fact]
    public async Task Revoking_the_owner_key_refuses_every_descendant_at_the_offline_car_once_another_phone_carried_it()
    {
        await using var rig = await Rig.StartAsync();
        var board = await rig.ProvisionAsync("car-owned");
        var car = await rig.CarInServiceAsync(board);
        var vin = car.Bus.Vin!;
        var owner = await rig.PhoneOfAsync("olga");
        var coUser = await rig.PhoneOfAsync("pete");
        var coCoUser = await rig.PhoneOfAsync("quinn");
        var carrier = await rig.PhoneOfAsync("dora");
        var ownerKey = await IssueOwnerKeyAsync(rig, owner, vin);
        var carrierKey = await IssueOwnerKeyAsync(rig, carrier, vin);
        var shareKey = (await owner.AsUserJsonAsync<KeyDto>("key", "share", ownerKey, "--user", coUser.UserId, "--permissions", "unlock,lock,share")).Id;
        var subShareKey = (await coUser.AsUserJsonAsync<KeyDto>("key", "share", shareKey, "--user", coCoUser.UserId, "--permissions", "unlock,lock")).Id;
        var tree = await owner.AsUserJsonAsync<List<KeyNodeDto>>("key", "tree", ownerKey);
        var holders = new[] { (owner, ownerKey), (coUser, shareKey), (coCoUser, subShareKey) };
        foreach (var (phone, key) in holders)
        {
            var fetched = await phone.FetchAsync(key);
            Assert.True(fetched.ExitCode == 0, fetched.ToString());
        }

        await rig.PowerOffAsync(car);
        var underground = await rig.PowerOnAsync(board, online: false);
        var revoked = await rig.OperatorJsonAsync<KeyDto>("key", "revoke", ownerKey);
        var subtree = await rig.OperatorJsonAsync<List<KeyNodeDto>>("key", "tree", ownerKey);
        var sequence = (await rig.Service.Operator.GetAsync<DeviceApi.DeviceDetailsDto>($"/v1/devices/{board.Id}")).Device.BulletinSequence;
        var beforeAnyCarrier = await coCoUser.UnlockAsync(subShareKey, underground);
        var carrierFetched = await carrier.FetchAsync(carrierKey);
        var carried = await carrier.UnlockAsync(carrierKey, underground);
        var refused = new List<CliResult>();
        foreach (var (phone, key) in holders)
        {
            refused.Add(await phone.UnlockAsync(key, underground));
        }

        var carrierAgain = await carrier.LockAsync(carrierKey, underground);

        Assert.Equal([(ownerKey, 0, "active"), (shareKey, 1, "active"), (subShareKey, 2, "active")], Nodes(tree));
        Assert.Equal(KeyState.Revoked, revoked.State);
        Assert.Equal([(ownerKey, 0, "revoked"), (shareKey, 1, "revoked"), (subShareKey, 2, "revoked")], Nodes(subtree));
        Assert.True(beforeAnyCarrier.ExitCode == 0, "the car cannot know before any phone carried the news: " + beforeAnyCarrier);
        Assert.True(carrierFetched.ExitCode == 0, carrierFetched.ToString());
        Assert.True(carried.ExitCode == 0, carried.ToString());
        Assert.Contains($"carrying bulletin #{sequence}", carried.Output);
        Assert.Equal(sequence, underground.Status().BulletinSequence);
        Assert.All(refused, attempt =>
        {
            Assert.Equal(2, attempt.ExitCode);
            Assert.Contains("REFUSED: revoked. The answer is signed by the device.", attempt.Output);
        });
        Assert.True(carrierAgain.ExitCode == 0, carrierAgain.ToString());
        Assert.True(underground.Relays.DoorsLocked);
        Assert.False(underground.Online.IsCompleted);
    }

    /// <summary>`sharekey key tree --json`: each key's id, depth below the root and state, in tree order.</summary>
    private static List<(string Id, int Depth, string State)> Nodes(List<KeyNodeDto> tree) =>
        tree.Select(node => (node.Key.Id, node.Depth, Json.Name(node.Key.State))).ToList();

    private static async Task<string> IssueOwnerKeyAsync(Rig rig, UserPhone phone, string vin) =>
        (await rig.OperatorJsonAsync<HeldKeyDto>("key", "issue", "--type", "owner", "--user", phone.UserName, "--vin", vin)).Key.Id;
}
