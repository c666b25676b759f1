using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Keys;

/// <summary>
/// Architecture §4, key authority: every key but an operator-issued root hangs under a parent;
/// revoking or freezing a key covers its subtree, in the cloud and in the bulletin; a freeze is
/// lifted only by someone standing as high as whoever put it. On SQLite and PostgreSQL.
/// </summary>
public sealed class KeyAuthorityTests
{
    private const string Vin = "1M8GDM9AXKP042788";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_key_the_owner_issued_hangs_under_the_owner_key_and_dies_with_it(string storage)
    {
        await using var world = await OwnedCar.StartAsync(storage, "car-a1");
        var (friendId, friend) = await world.Service.CreateUserAsync("friend");
        var (cousinId, _) = await world.Service.CreateUserAsync("cousin");

        // The owner applies for a "shared" key through the plain key application (R1.1): it becomes a share of his owner key.
        var applied = (await world.Owner.PostAsync<HeldKeyDto>("/v1/keys", new { type = "shared", userId = friendId, vin = Vin })).Key;
        var friendKey = applied.Id;
        Assert.Equal(world.OwnerKey, applied.ParentKeyId);
        await AssertProblemAsync(await world.ShareAsync(friend, friendKey, cousinId), HttpStatusCode.Forbidden, "forbidden"); // no share permission on the friend's key
        var cousinKey = await world.ShareIdAsync(world.Owner, friendKey, cousinId); // the manager adds it on the friend's behalf

        var byOperator = (await world.Service.Operator.PostAsync<HeldKeyDto>("/v1/keys", new { type = "shared", userId = cousinId, vin = Vin })).Key;
        Assert.Equal(world.OwnerKey, byOperator.ParentKeyId); // the vehicle's one owner key
        await AssertProblemAsync(await world.Owner.PostAsJsonAsync("/v1/keys", new { type = "renter", userId = friendId, vin = Vin }), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await world.Owner.PostAsJsonAsync("/v1/keys", new { type = "owner", userId = friendId, vin = Vin }), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await friend.PostAsJsonAsync("/v1/keys", new { type = "shared", userId = cousinId, vin = Vin }), HttpStatusCode.Forbidden, "forbidden");

        await TestService.PostAsync<KeyDto>(world.Service.Operator, $"/v1/keys/{world.OwnerKey}/revoke", null);

        var bulletin = await world.Car.WaitForAsync<BulletinMessage>(b => b.Entries.Length == 4);
        Assert.Equal(
            new[] { world.OwnerKey, friendKey, cousinKey, byOperator.Id }.Order(),
            bulletin.Entries.Select(e => $"{e.KeyId:x16}").Order());
        Assert.All(bulletin.Entries, e => Assert.Equal(KeyStanding.Revoked, e.Standing));
        foreach (var key in new[] { friendKey, cousinKey })
        {
            Assert.Equal(KeyState.Revoked, (await world.KeyAsync(key)).State);
        }
    }

    [Fact]
    public async Task A_freeze_covers_the_subtree_and_only_someone_as_high_lifts_it()
    {
        await using var world = await OwnedCar.StartAsync("sqlite", "car-a2");
        var (aliceId, alice) = await world.Service.CreateUserAsync("alice");
        var (bobId, bob) = await world.Service.CreateUserAsync("bob");
        var aliceKey = await world.ShareIdAsync(world.Owner, world.OwnerKey, aliceId, permissions: "unlock,lock,share");
        var bobKey = await world.ShareIdAsync(alice, aliceKey, bobId);

        // The manager freezes alice's key: bob's share under it is frozen too, and neither can lift it.
        var frozen = await world.Owner.PostAsync<KeyDto>($"/v1/keys/{aliceKey}/freeze", null);
        Assert.Equal(KeyState.Frozen, frozen.State);
        Assert.Equal(KeyState.Frozen, (await world.KeyAsync(bobKey)).State);
        var bulletin = await world.Car.WaitForAsync<BulletinMessage>(b => b.Entries.Length == 2);
        Assert.All(bulletin.Entries, e => Assert.Equal(KeyStanding.Frozen, e.Standing));
        await AssertProblemAsync(await alice.PostAsync($"/v1/keys/{aliceKey}/unfreeze", null), HttpStatusCode.Forbidden, "frozen-by-higher-authority");
        var inherited = await AssertProblemAsync(await bob.PostAsync($"/v1/keys/{bobKey}/unfreeze", null), HttpStatusCode.Conflict, "conflict");
        Assert.Contains(aliceKey, inherited.Detail); // the problem details as sent
        await AssertProblemAsync(await alice.PostAsync($"/v1/keys/{bobKey}/unfreeze", null), HttpStatusCode.Conflict, "conflict");

        // Bob freezes his own key as well; the manager lifts hers, bob's own freeze stays until bob (or anyone higher) lifts it.
        await TestService.PostAsync<KeyDto>(bob, $"/v1/keys/{bobKey}/freeze", null);
        Assert.Equal(KeyState.Active, (await world.Owner.PostAsync<KeyDto>($"/v1/keys/{aliceKey}/unfreeze", null)).State);
        Assert.Equal(KeyState.Frozen, (await world.KeyAsync(bobKey)).State);
        Assert.Equal(KeyState.Active, (await alice.PostAsync<KeyDto>($"/v1/keys/{bobKey}/unfreeze", null)).State);
        await world.Car.WaitForAsync<BulletinMessage>(b => b.Sequence > bulletin.Sequence && b.Entries.Length == 0);

        // The operator's freeze: the holder and the manager both fail to lift it (the attack: a holder lifting it with his own token).
        await TestService.PostAsync<KeyDto>(world.Service.Operator, $"/v1/keys/{aliceKey}/freeze", null);
        await AssertProblemAsync(await alice.PostAsync($"/v1/keys/{aliceKey}/unfreeze", null), HttpStatusCode.Forbidden, "frozen-by-higher-authority");
        await AssertProblemAsync(await world.Owner.PostAsync($"/v1/keys/{aliceKey}/unfreeze", null), HttpStatusCode.Forbidden, "frozen-by-higher-authority");
        var tree = await world.Owner.GetAsync<List<KeyNodeDto>>($"/v1/keys/{world.OwnerKey}/tree");
        var node = tree.Single(n => n.Key.Id == aliceKey);
        Assert.Equal(0, node.Freeze!.Rank);
        Assert.Equal("an operator", node.Freeze.By);

        // A holder freezing after the operator does not take the freeze over.
        await TestService.PostAsync<KeyDto>(alice, $"/v1/keys/{aliceKey}/freeze", null);
        await AssertProblemAsync(await alice.PostAsync($"/v1/keys/{aliceKey}/unfreeze", null), HttpStatusCode.Forbidden, "frozen-by-higher-authority");
        Assert.Equal(KeyState.Active, (await world.Service.Operator.PostAsync<KeyDto>($"/v1/keys/{aliceKey}/unfreeze", null)).State);
        Assert.Equal(KeyState.Active, (await world.KeyAsync(bobKey)).State);

        var audit = await world.Service.Operator.GetAsync<List<AuditDto>>($"/v1/audit?target=key:{aliceKey}");
        Assert.Contains(audit, e => e.Action == "key.unfreeze" && e.Result == "frozen-by-higher-authority");
    }

    [Fact]
    public async Task The_manager_sees_the_whole_tree_a_holder_only_below_himself_a_stranger_nothing()
    {
        await using var world = await OwnedCar.StartAsync("sqlite", "car-a3");
        var (aliceId, alice) = await world.Service.CreateUserAsync("alice3");
        var (bobId, bob) = await world.Service.CreateUserAsync("bob3");
        var (_, stranger) = await world.Service.CreateUserAsync("stranger3");
        var aliceKey = await world.ShareIdAsync(world.Owner, world.OwnerKey, aliceId, permissions: "unlock,share");
        var bobKey = await world.ShareIdAsync(alice, aliceKey, bobId, mode: "transfer");

        var all = await world.Owner.GetAsync<List<KeyNodeDto>>($"/v1/keys/{world.OwnerKey}/tree");
        Assert.Equal([(world.OwnerKey, 0, "root"), (aliceKey, 1, "co-use"), (bobKey, 2, "transfer")], all.Select(n => (n.Key.Id, n.Depth, n.Mode)).ToArray());
        Assert.Equal(2, (await alice.GetAsync<List<KeyNodeDto>>($"/v1/keys/{aliceKey}/tree")).Count);
        Assert.Equal(bobKey, Assert.Single(await alice.GetAsync<List<KeyNodeDto>>($"/v1/keys/{aliceKey}/members")).Key.Id);
        Assert.Equal("unlock", (await bob.GetAsync<HeldKeyDto>($"/v1/keys/{bobKey}")).Key.Permissions);

        await AssertProblemAsync(await alice.GetAsync($"/v1/keys/{world.OwnerKey}/tree"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await bob.GetAsync($"/v1/keys/{aliceKey}"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await stranger.GetAsync($"/v1/keys/{bobKey}/tree"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await stranger.PostAsync($"/v1/keys/{bobKey}/freeze", null), HttpStatusCode.Forbidden, "forbidden");

        // The manager sees bob's key but never gets its secret.
        Assert.Null((await world.Owner.GetAsync<HeldKeyDto>($"/v1/keys/{bobKey}")).HolderSecret);
    }

    /// <summary>A service, a car online and bound, an owner holding its owner key.</summary>
    internal sealed class OwnedCar : IAsyncDisposable
    {
        private OwnedCar(TestService service, ScriptedDevice car, HttpClient owner, string ownerKey)
        {
            Service = service;
            Car = car;
            Owner = owner;
            OwnerKey = ownerKey;
        }

        public TestService Service { get; }

        public ScriptedDevice Car { get; }

        public HttpClient Owner { get; }

        public string OwnerKey { get; }

        public static async Task<OwnedCar> StartAsync(string storage, string name, Action<ShareKey.KeyService.Hosting.ServiceOptions>? configure = null)
        {
            var service = await TestService.StartAsync(storage, configure);
            var car = await Fleet.OnlineAsync(service, name, Vin);
            var (ownerId, owner) = await service.CreateUserAsync("owner-" + name);
            var issued = await service.Operator.PostAsync<HeldKeyDto>("/v1/keys", new { type = "owner", userId = ownerId, vin = Vin });
            return new OwnedCar(service, car, owner, issued.Key.Id);
        }

        public Task<HttpResponseMessage> ShareAsync(HttpClient by, string parent, string userId, string? permissions = null, string mode = "co-use") =>
            by.PostAsJsonAsync($"/v1/keys/{parent}/shares", new { userId, permissions, mode }, ShareKey.KeyService.Api.Json.Options);

        public async Task<string> ShareIdAsync(HttpClient by, string parent, string userId, string? permissions = null, string mode = "co-use")
        {
            using var response = await ShareAsync(by, parent, userId, permissions: permissions, mode: mode);
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return (await response.ReadAsync<KeyDto>()).Id;
        }

        public async Task<KeyDto> KeyAsync(string keyId) =>
            (await Service.Operator.GetAsync<HeldKeyDto>($"/v1/keys/{keyId}")).Key;

        public async ValueTask DisposeAsync()
        {
            await Car.DisposeAsync();
            await Service.DisposeAsync();
        }
    }
}
