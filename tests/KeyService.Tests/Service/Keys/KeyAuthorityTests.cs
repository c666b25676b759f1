using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;
using static ShareKey.KeyService.Tests.Service.Api.AuthorizationTests;

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
        var applied = await TestService.PostAsync<JsonElement>(world.Owner, "/v1/keys", new { type = "shared", userId = friendId, vin = Vin });
        var friendKey = applied.GetProperty("key").GetProperty("id").GetString()!;
        Assert.Equal(world.OwnerKey, applied.GetProperty("key").GetProperty("parentKeyId").GetString());
        await AssertProblemAsync(await world.ShareAsync(friend, friendKey, cousinId), HttpStatusCode.Forbidden, "forbidden"); // no share permission on the friend's key
        var cousinKey = await world.ShareIdAsync(world.Owner, friendKey, cousinId); // the manager adds it on the friend's behalf

        var byOperator = await TestService.PostAsync<JsonElement>(world.Service.Operator, "/v1/keys", new { type = "shared", userId = cousinId, vin = Vin });
        Assert.Equal(world.OwnerKey, byOperator.GetProperty("key").GetProperty("parentKeyId").GetString()); // the vehicle's one owner key
        await AssertProblemAsync(await world.Owner.PostAsJsonAsync("/v1/keys", new { type = "renter", userId = friendId, vin = Vin }), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await world.Owner.PostAsJsonAsync("/v1/keys", new { type = "owner", userId = friendId, vin = Vin }), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await friend.PostAsJsonAsync("/v1/keys", new { type = "shared", userId = cousinId, vin = Vin }), HttpStatusCode.Forbidden, "forbidden");

        await TestService.PostAsync<JsonElement>(world.Service.Operator, $"/v1/keys/{world.OwnerKey}/revoke", null);

        var bulletin = await world.Car.WaitForAsync<BulletinMessage>(b => b.Entries.Length == 4);
        Assert.Equal(
            new[] { world.OwnerKey, friendKey, cousinKey, byOperator.GetProperty("key").GetProperty("id").GetString() }.Order(),
            bulletin.Entries.Select(e => $"{e.KeyId:x16}").Order());
        Assert.All(bulletin.Entries, e => Assert.Equal(KeyStanding.Revoked, e.Standing));
        foreach (var key in new[] { friendKey, cousinKey })
        {
            Assert.Equal("revoked", (await world.KeyAsync(key)).GetProperty("state").GetString());
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
        var frozen = await TestService.PostAsync<JsonElement>(world.Owner, $"/v1/keys/{aliceKey}/freeze", null);
        Assert.Equal("frozen", frozen.GetProperty("state").GetString());
        Assert.Equal("frozen", (await world.KeyAsync(bobKey)).GetProperty("state").GetString());
        var bulletin = await world.Car.WaitForAsync<BulletinMessage>(b => b.Entries.Length == 2);
        Assert.All(bulletin.Entries, e => Assert.Equal(KeyStanding.Frozen, e.Standing));
        await AssertProblemAsync(await alice.PostAsync($"/v1/keys/{aliceKey}/unfreeze", null), HttpStatusCode.Forbidden, "frozen-by-higher-authority");
        var inherited = await AssertProblemAsync(await bob.PostAsync($"/v1/keys/{bobKey}/unfreeze", null), HttpStatusCode.Conflict, "conflict");
        Assert.Contains(aliceKey, inherited.GetProperty("detail").GetString());
        await AssertProblemAsync(await alice.PostAsync($"/v1/keys/{bobKey}/unfreeze", null), HttpStatusCode.Conflict, "conflict");

        // Bob freezes his own key as well; the manager lifts hers, bob's own freeze stays until bob (or anyone higher) lifts it.
        await TestService.PostAsync<JsonElement>(bob, $"/v1/keys/{bobKey}/freeze", null);
        Assert.Equal("active", (await TestService.PostAsync<JsonElement>(world.Owner, $"/v1/keys/{aliceKey}/unfreeze", null)).GetProperty("state").GetString());
        Assert.Equal("frozen", (await world.KeyAsync(bobKey)).GetProperty("state").GetString());
        Assert.Equal("active", (await TestService.PostAsync<JsonElement>(alice, $"/v1/keys/{bobKey}/unfreeze", null)).GetProperty("state").GetString());
        await world.Car.WaitForAsync<BulletinMessage>(b => b.Sequence > bulletin.Sequence && b.Entries.Length == 0);

        // The operator's freeze: the holder and the manager both fail to lift it (the attack: a holder lifting it with his own token).
        await TestService.PostAsync<JsonElement>(world.Service.Operator, $"/v1/keys/{aliceKey}/freeze", null);
        await AssertProblemAsync(await alice.PostAsync($"/v1/keys/{aliceKey}/unfreeze", null), HttpStatusCode.Forbidden, "frozen-by-higher-authority");
        await AssertProblemAsync(await world.Owner.PostAsync($"/v1/keys/{aliceKey}/unfreeze", null), HttpStatusCode.Forbidden, "frozen-by-higher-authority");
        var tree = await TestService.GetAsync<JsonElement>(world.Owner, $"/v1/keys/{world.OwnerKey}/tree");
        var node = tree.EnumerateArray().Single(n => n.GetProperty("key").GetProperty("id").GetString() == aliceKey);
        Assert.Equal(0, node.GetProperty("freeze").GetProperty("rank").GetInt32());
        Assert.Equal("an operator", node.GetProperty("freeze").GetProperty("by").GetString());

        // A holder freezing after the operator does not take the freeze over.
        await TestService.PostAsync<JsonElement>(alice, $"/v1/keys/{aliceKey}/freeze", null);
        await AssertProblemAsync(await alice.PostAsync($"/v1/keys/{aliceKey}/unfreeze", null), HttpStatusCode.Forbidden, "frozen-by-higher-authority");
        Assert.Equal("active", (await TestService.PostAsync<JsonElement>(world.Service.Operator, $"/v1/keys/{aliceKey}/unfreeze", null)).GetProperty("state").GetString());
        Assert.Equal("active", (await world.KeyAsync(bobKey)).GetProperty("state").GetString());

        var audit = await TestService.GetAsync<JsonElement>(world.Service.Operator, $"/v1/audit?target=key:{aliceKey}");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "key.unfreeze" && e.GetProperty("result").GetString() == "frozen-by-higher-authority");
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

        var all = await TestService.GetAsync<JsonElement>(world.Owner, $"/v1/keys/{world.OwnerKey}/tree");
        Assert.Equal([(world.OwnerKey, 0, "root"), (aliceKey, 1, "co-use"), (bobKey, 2, "transfer")],
            all.EnumerateArray().Select(n => (n.GetProperty("key").GetProperty("id").GetString(), n.GetProperty("depth").GetInt32(), n.GetProperty("mode").GetString())).ToArray());
        Assert.Equal(2, (await TestService.GetAsync<JsonElement>(alice, $"/v1/keys/{aliceKey}/tree")).GetArrayLength());
        Assert.Equal(bobKey, (await TestService.GetAsync<JsonElement>(alice, $"/v1/keys/{aliceKey}/members")).EnumerateArray().Single().GetProperty("key").GetProperty("id").GetString());
        Assert.Equal("unlock", (await TestService.GetAsync<JsonElement>(bob, $"/v1/keys/{bobKey}")).GetProperty("key").GetProperty("permissions").GetString());

        await AssertProblemAsync(await alice.GetAsync($"/v1/keys/{world.OwnerKey}/tree"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await bob.GetAsync($"/v1/keys/{aliceKey}"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await stranger.GetAsync($"/v1/keys/{bobKey}/tree"), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await stranger.PostAsync($"/v1/keys/{bobKey}/freeze", null), HttpStatusCode.Forbidden, "forbidden");

        // The manager sees bob's key but never gets its secret.
        var seen = await TestService.GetAsync<JsonElement>(world.Owner, $"/v1/keys/{bobKey}");
        Assert.False(seen.TryGetProperty("holderSecret", out _));
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
            var issued = await TestService.PostAsync<JsonElement>(service.Operator, "/v1/keys", new { type = "owner", userId = ownerId, vin = Vin });
            return new OwnedCar(service, car, owner, issued.GetProperty("key").GetProperty("id").GetString()!);
        }

        public Task<HttpResponseMessage> ShareAsync(HttpClient by, string parent, string userId, string? permissions = null, string mode = "co-use") =>
            by.PostAsJsonAsync($"/v1/keys/{parent}/shares", new { userId, permissions, mode }, ShareKey.KeyService.Api.Json.Options);

        public async Task<string> ShareIdAsync(HttpClient by, string parent, string userId, string? permissions = null, string mode = "co-use")
        {
            using var response = await ShareAsync(by, parent, userId, permissions: permissions, mode: mode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, body);
            return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
        }

        public async Task<JsonElement> KeyAsync(string keyId) =>
            (await TestService.GetAsync<JsonElement>(Service.Operator, $"/v1/keys/{keyId}")).GetProperty("key");

        public async ValueTask DisposeAsync()
        {
            await Car.DisposeAsync();
            await Service.DisposeAsync();
        }
    }
}
