using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Tests.Service.Notifications;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;
using static ShareKey.KeyService.Tests.Service.Keys.KeyAuthorityTests;

namespace ShareKey.KeyService.Tests.Service.Keys;

/// <summary>
/// R1.5: the manager (or an operator) changes a key's window and uses within its parent's; the
/// holder's next fetch carries the new limits; the bulletin names the key as changed with its new
/// token's fingerprint, so devices refuse the old token; shares below are narrowed only where needed.
/// </summary>
public sealed class KeyValidityTests
{
    private static readonly JsonSerializerOptions Options = ShareKey.KeyService.Api.Json.Options;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task The_manager_changes_a_key_within_its_parent_and_the_device_is_told_to_refuse_the_old_token(string storage)
    {
        await using var world = await OwnedCar.StartAsync(storage, "car-v1");
        var (aliceId, alice) = await world.Service.CreateUserAsync("alice-v1");
        var (bobId, bob) = await world.Service.CreateUserAsync("bob-v1");
        var (carolId, carol) = await world.Service.CreateUserAsync("carol-v1");
        var (daveId, _) = await world.Service.CreateUserAsync("dave-v1");
        var now = DateTimeOffset.UtcNow;
        var aliceKey = await CreatedAsync(world.Owner, world.OwnerKey, new { userId = aliceId, notAfter = now.AddDays(2), maxUses = 10, permissions = "unlock,lock,share" });
        var bobKey = await CreatedAsync(alice, aliceKey, new { userId = bobId, notAfter = now.AddDays(1), maxUses = 5 });
        var carolKey = await CreatedAsync(alice, aliceKey, new { userId = carolId });
        var aliceOld = await TokenAsync(alice, aliceKey);
        var bobOld = await TokenAsync(bob, bobKey);
        var carolOld = await TokenAsync(carol, carolKey);

        // Refusals: only the manager or an operator; within the parent; something to change; a window that is ever valid.
        async Task Refused(HttpClient by, string key, object body, HttpStatusCode status, string code) =>
            await AssertProblemAsync(await by.PostAsJsonAsync($"/v1/keys/{key}/validity", body, Options), status, code);
        await Refused(alice, bobKey, new { maxUses = 1 }, HttpStatusCode.Forbidden, "forbidden");
        await Refused(bob, bobKey, new { maxUses = 1 }, HttpStatusCode.Forbidden, "forbidden");
        await Refused(alice, aliceKey, new { maxUses = 1 }, HttpStatusCode.Forbidden, "forbidden");
        await Refused(world.Owner, world.OwnerKey, new { notAfter = now.AddDays(9) }, HttpStatusCode.Forbidden, "forbidden");
        await Refused(world.Owner, bobKey, new { notAfter = now.AddDays(3) }, HttpStatusCode.Conflict, "validity-exceeds-parent");
        await Refused(world.Owner, bobKey, new { maxUses = 11 }, HttpStatusCode.Conflict, "validity-exceeds-parent");
        await Refused(world.Owner, bobKey, new { maxUses = 0 }, HttpStatusCode.Conflict, "validity-exceeds-parent");
        await Refused(world.Owner, bobKey, new { }, HttpStatusCode.BadRequest, "invalid-request");
        await Refused(world.Owner, bobKey, new { notAfter = now.AddMinutes(-1) }, HttpStatusCode.BadRequest, "invalid-request");
        await Refused(world.Owner, "00000000000000aa", new { maxUses = 1 }, HttpStatusCode.NotFound, "key-not-found");

        // Fewer uses for alice: bob's 5 still fit (his token stays), carol's 10 are cut to 8.
        var changed = await TestService.PostAsync<KeyDto>(world.Owner, $"/v1/keys/{aliceKey}/validity", new { maxUses = 8 });
        Assert.Equal(8, changed.MaxUses);
        Assert.Equal(bobOld.Tag, (await TokenAsync(bob, bobKey)).Tag);
        var carolNew = await TokenAsync(carol, carolKey);
        Assert.Equal(8, carolNew.MaxUses);
        Assert.NotEqual(carolOld.Tag, carolNew.Tag);

        // A share that would have nothing left of its window is refused, not narrowed away.
        var daveKey = await CreatedAsync(alice, aliceKey, new { userId = daveId, notBefore = now.AddDays(1).AddHours(1) });
        await Refused(world.Owner, aliceKey, new { notAfter = now.AddHours(6) }, HttpStatusCode.Conflict, "change-strands-shares");
        await TestService.PostAsync<KeyDto>(world.Owner, $"/v1/keys/{daveKey}/revoke", null);

        // A shorter window: alice's next fetch carries it, bob's token is narrowed to it too.
        var until = now.AddHours(6);
        await TestService.PostAsync<KeyDto>(world.Owner, $"/v1/keys/{aliceKey}/validity", new { notAfter = until, maxUses = 3 });
        var aliceNew = await TokenAsync(alice, aliceKey);
        Assert.Equal((uint)until.ToUnixTimeSeconds(), aliceNew.NotAfter);
        Assert.Equal(3, aliceNew.MaxUses);
        Assert.Equal(aliceOld.KeyId, aliceNew.KeyId);
        var bobNew = await TokenAsync(bob, bobKey);
        Assert.Equal((uint)until.ToUnixTimeSeconds(), bobNew.NotAfter);
        Assert.Equal(3, bobNew.MaxUses);
        Assert.Equal(Convert.ToUInt64(aliceKey, 16), bobNew.ParentKeyId);

        // The device is told which token of each changed key is the one: the old ones are not.
        var bulletin = await world.Car.WaitForAsync<BulletinMessage>(b => b.Entries.Any(e => e.KeyId == aliceNew.KeyId && e.Fingerprint == BulletinEntry.FingerprintOf(aliceNew.Tag)));
        var aliceEntry = bulletin.Entries.Single(e => e.KeyId == aliceNew.KeyId);
        Assert.Equal(KeyStanding.Changed, aliceEntry.Standing);
        Assert.NotEqual(BulletinEntry.FingerprintOf(aliceOld.Tag), aliceEntry.Fingerprint);
        Assert.Equal(BulletinEntry.FingerprintOf(bobNew.Tag), bulletin.Entries.Single(e => e.KeyId == bobNew.KeyId && e.Standing == KeyStanding.Changed).Fingerprint);
        var carolNewest = await TokenAsync(carol, carolKey);
        Assert.Equal(3, carolNewest.MaxUses);
        Assert.Equal(BulletinEntry.FingerprintOf(carolNewest.Tag), bulletin.Entries.Single(e => e.KeyId == carolNewest.KeyId && e.Standing == KeyStanding.Changed).Fingerprint);
        // The bulletin the holder's phone carries says the same.
        var carriedBytes = Convert.FromHexString((await TestService.GetAsync<HeldKeyDto>(alice, $"/v1/keys/{aliceKey}")).Bulletin!);
        var carried = BulletinCodec.ReadBulletin(new ShareKey.Protocol.Buffers.ByteReader(carriedBytes, 0, carriedBytes.Length));
        Assert.Equal(BulletinEntry.FingerprintOf(aliceNew.Tag), carried.Entries.Single(e => e.KeyId == aliceNew.KeyId && e.Standing == KeyStanding.Changed).Fingerprint);

        // Audited, and the holder is told.
        var audit = await TestService.GetAsync<AuditDto[]>(world.Service.Operator, "/v1/audit?action=key.validity");
        Assert.Equal(2, audit.Count(e => e.Result == "ok"));
        Assert.Equal(4, audit.Count(e => e.Result == "forbidden"));
        await NotificationWorld.WaitForAsync(alice, NotificationType.KeyValidityChanged);
    }

    [Fact]
    public async Task An_operator_changes_an_owner_key_and_a_revoked_key_cannot_change()
    {
        await using var world = await OwnedCar.StartAsync("sqlite", "car-v2");
        var (aliceId, _) = await world.Service.CreateUserAsync("alice-v2");
        var aliceKey = await CreatedAsync(world.Owner, world.OwnerKey, new { userId = aliceId });

        var until = DateTimeOffset.UtcNow.AddDays(30);
        var owner = await TestService.PostAsync<KeyDto>(world.Service.Operator, $"/v1/keys/{world.OwnerKey}/validity", new { notAfter = until });
        Assert.Equal(until.ToUnixTimeSeconds(), owner.NotAfter.ToUnixTimeSeconds());

        await TestService.PostAsync<KeyDto>(world.Owner, $"/v1/keys/{aliceKey}/revoke", null);
        await AssertProblemAsync(await world.Owner.PostAsJsonAsync($"/v1/keys/{aliceKey}/validity", new { maxUses = 2 }, Options), HttpStatusCode.Conflict, "key-revoked");
    }

    private static async Task<string> CreatedAsync(HttpClient by, string parent, object body)
    {
        using var response = await by.PostAsJsonAsync($"/v1/keys/{parent}/shares", body, Options);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadAsync<KeyDto>()).Id;
    }

    private static async Task<KeyToken> TokenAsync(HttpClient holder, string keyId) =>
        TokenCodec.Decode(Convert.FromHexString((await TestService.GetAsync<HeldKeyDto>(holder, $"/v1/keys/{keyId}")).Token!));
}
