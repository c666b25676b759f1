using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;
using static ShareKey.KeyService.Tests.Service.Keys.KeyAuthorityTests;

namespace ShareKey.KeyService.Tests.Service.Keys;

/// <summary>R2.5–R2.7: shares within the parent's limits, co-use or transfer, the limits on sharing, giving a share up.</summary>
public sealed class ShareTests
{
    private static readonly JsonSerializerOptions Options = ShareKey.KeyService.Api.Json.Options;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_share_is_within_its_parents_window_uses_and_permissions_and_its_token_names_the_parent(string storage)
    {
        await using var world = await OwnedCar.StartAsync(storage, "car-s1");
        var (aliceId, alice) = await world.Service.CreateUserAsync("alice");
        var (bobId, bob) = await world.Service.CreateUserAsync("bob");
        var now = DateTimeOffset.UtcNow;
        var aliceKey = await CreatedIdAsync(await world.Owner.PostAsJsonAsync($"/v1/keys/{world.OwnerKey}/shares",
            new { userId = aliceId, notAfter = now.AddDays(2), maxUses = 5, permissions = "unlock,lock,share" }, Options));

        async Task Refused(object body, string code) =>
            await AssertProblemAsync(await alice.PostAsJsonAsync($"/v1/keys/{aliceKey}/shares", body, Options), code == "invalid-request" ? HttpStatusCode.BadRequest : HttpStatusCode.Conflict, code);
        await Refused(new { userId = bobId, notAfter = now.AddDays(3) }, "share-exceeds-parent");
        await Refused(new { userId = bobId, notBefore = now.AddDays(-1) }, "share-exceeds-parent");
        await Refused(new { userId = bobId, maxUses = 6 }, "share-exceeds-parent");
        await Refused(new { userId = bobId, maxUses = 0 }, "share-exceeds-parent");
        await Refused(new { userId = bobId, permissions = "unlock,start" }, "share-exceeds-parent");
        await Refused(new { userId = bobId, permissions = "manage" }, "invalid-request");
        await Refused(new { userId = bobId, permissions = "fly" }, "invalid-request");
        await Refused(new { userId = bobId, notBefore = now.AddHours(2), notAfter = now.AddHours(1) }, "invalid-request");
        await Refused(new { userId = aliceId }, "invalid-request");
        await AssertProblemAsync(await alice.PostAsJsonAsync($"/v1/keys/{aliceKey}/shares", new { userId = "00000000000000aa" }, Options), HttpStatusCode.NotFound, "user-not-found");

        var bobKey = await CreatedIdAsync(await alice.PostAsJsonAsync($"/v1/keys/{aliceKey}/shares",
            new { userId = bobId, mode = "transfer", notAfter = now.AddDays(1), maxUses = 5, permissions = "unlock" }, Options));
        var held = await bob.GetAsync<HeldKeyDto>($"/v1/keys/{bobKey}");
        var hex = held.Token!;
        var token = TokenCodec.Decode(Convert.FromHexString(hex));
        Assert.Equal(Convert.ToUInt64(aliceKey, 16), token.ParentKeyId);
        Assert.Equal(TokenFlags.TransferFromParent, token.Flags);
        Assert.Equal(Permissions.Unlock, token.Permissions);
        Assert.Equal(5, token.MaxUses);
        Assert.Equal((uint)now.AddDays(1).ToUnixTimeSeconds(), token.NotAfter);
        Assert.Equal(64, held.HolderSecret!.Length);
    }

    [Fact]
    public async Task Sharing_limits_are_refused_with_their_own_codes()
    {
        await using var world = await OwnedCar.StartAsync("sqlite", "car-s2", options =>
        {
            options.Sharing.MaxSharesPerKey = 2;
            options.Sharing.MaxDepth = 2;
        });
        var users = new List<(string Id, HttpClient Client)>();
        for (var i = 0; i < 5; i++)
        {
            users.Add(await world.Service.CreateUserAsync($"user-s2-{i}"));
        }

        var first = await world.ShareIdAsync(world.Owner, world.OwnerKey, users[0].Id, permissions: "unlock,share");
        await world.ShareIdAsync(world.Owner, world.OwnerKey, users[1].Id);
        await AssertProblemAsync(await world.ShareAsync(world.Owner, world.OwnerKey, users[2].Id), HttpStatusCode.Conflict, "share-limit-reached");

        var second = await world.ShareIdAsync(users[0].Client, first, users[2].Id, permissions: "unlock,share");
        await AssertProblemAsync(await world.ShareAsync(users[2].Client, second, users[3].Id), HttpStatusCode.Conflict, "share-depth-exceeded");

        // A removed member frees a place.
        await TestService.PostAsync<KeyDto>(world.Owner, $"/v1/keys/{first}/revoke", null);
        await world.ShareIdAsync(world.Owner, world.OwnerKey, users[3].Id);
        await AssertProblemAsync(await world.ShareAsync(users[0].Client, first, users[4].Id), HttpStatusCode.Conflict, "key-revoked");
    }

    [Fact]
    public async Task A_transfer_is_one_at_a_time_never_of_an_owner_key_and_nothing_is_shared_from_a_frozen_key()
    {
        await using var world = await OwnedCar.StartAsync("sqlite", "car-s3");
        var (aliceId, alice) = await world.Service.CreateUserAsync("alice-s3");
        var (bobId, _) = await world.Service.CreateUserAsync("bob-s3");
        var (carolId, _) = await world.Service.CreateUserAsync("carol-s3");

        await AssertProblemAsync(await world.ShareAsync(world.Owner, world.OwnerKey, aliceId, mode: "transfer"), HttpStatusCode.BadRequest, "invalid-request");
        var aliceKey = await world.ShareIdAsync(world.Owner, world.OwnerKey, aliceId, permissions: "unlock,share");
        await world.ShareIdAsync(alice, aliceKey, bobId, mode: "transfer");
        await AssertProblemAsync(await world.ShareAsync(alice, aliceKey, carolId, mode: "transfer"), HttpStatusCode.Conflict, "transfer-pending");
        await world.ShareIdAsync(alice, aliceKey, carolId); // co-use still fine

        await TestService.PostAsync<KeyDto>(world.Owner, $"/v1/keys/{world.OwnerKey}/freeze", null);
        await AssertProblemAsync(await world.ShareAsync(world.Owner, world.OwnerKey, carolId), HttpStatusCode.Conflict, "key-frozen");
        await AssertProblemAsync(await world.ShareAsync(alice, aliceKey, carolId), HttpStatusCode.Conflict, "key-frozen");
    }

    [Fact]
    public async Task A_recipient_gives_a_share_up_and_the_manager_sees_it()
    {
        await using var world = await OwnedCar.StartAsync("sqlite", "car-s4");
        var (aliceId, alice) = await world.Service.CreateUserAsync("alice-s4");
        var (bobId, bob) = await world.Service.CreateUserAsync("bob-s4");
        var aliceKey = await world.ShareIdAsync(world.Owner, world.OwnerKey, aliceId, permissions: "unlock,share");
        var bobKey = await world.ShareIdAsync(alice, aliceKey, bobId);

        await AssertProblemAsync(await bob.PostAsync($"/v1/keys/{aliceKey}/give-up", null), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await world.Owner.PostAsync($"/v1/keys/{aliceKey}/give-up", null), HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(await world.Owner.PostAsync($"/v1/keys/{world.OwnerKey}/give-up", null), HttpStatusCode.BadRequest, "invalid-request");

        var given = await alice.PostAsync<KeyDto>($"/v1/keys/{aliceKey}/give-up", null);
        Assert.Equal(KeyState.Revoked, given.State);
        var bulletin = await world.Car.WaitForAsync<BulletinMessage>(b => b.Entries.Length == 2);
        Assert.All(bulletin.Entries, entry => Assert.Equal(KeyStanding.Revoked, entry.Standing));

        var members = await world.Owner.GetAsync<List<KeyNodeDto>>($"/v1/keys/{world.OwnerKey}/members");
        Assert.Equal(KeyState.Revoked, Assert.Single(members).Key.State);
        Assert.Equal(KeyState.Revoked, (await world.KeyAsync(bobKey)).State);
        var audit = await world.Service.Operator.GetAsync<List<AuditDto>>($"/v1/audit?target=key:{aliceKey}");
        Assert.Contains(audit, e => e.Action == "key.give-up" && e.Result == "ok");
        await AssertProblemAsync(await alice.PostAsync($"/v1/keys/{aliceKey}/give-up", null), HttpStatusCode.Conflict, "key-revoked");
    }

    private static async Task<string> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadAsync<KeyDto>()).Id;
    }
}
