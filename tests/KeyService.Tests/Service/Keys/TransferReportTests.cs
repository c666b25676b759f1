using System.Net;
using System.Text.Json;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Notifications;
using ShareKey.KeyService.Provisioning;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Tests.Service.Notifications;
using ShareKey.KeyService.Tests.Service.Rotation;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using static ShareKey.KeyService.Tests.Service.Keys.KeyAuthorityTests;

namespace ShareKey.KeyService.Tests.Service.Keys;

/// <summary>
/// R2.6 in the cloud: once the device reports a transfer share's first use, the sharer's key is
/// transferred — listed so to the device, never minted or re-issued under a new epoch again, its
/// co-use shares revoked — and the sharer and the managers are told.
/// </summary>
public sealed class TransferReportTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgresql")]
    public async Task A_reported_transfer_ends_the_sharers_key_for_good_even_across_rotations(string storage)
    {
        await using var world = await OwnedCar.StartAsync(storage, "car-t1");
        var (aliceId, alice) = await world.Service.CreateUserAsync("alice-t1");
        var (bobId, bob) = await world.Service.CreateUserAsync("bob-t1");
        var (carolId, carol) = await world.Service.CreateUserAsync("carol-t1");
        var (daveId, _) = await world.Service.CreateUserAsync("dave-t1");
        var aliceKey = await world.ShareIdAsync(world.Owner, world.OwnerKey, aliceId, permissions: "unlock,lock,share");
        var bobKey = await world.ShareIdAsync(alice, aliceKey, bobId, mode: "transfer");
        var carolKey = await world.ShareIdAsync(alice, aliceKey, carolId, permissions: "unlock,share");
        var daveKey = await world.ShareIdAsync(carol, carolKey, daveId);

        // Until the device reports it, the cloud knows nothing of the transfer: alice's key works.
        Assert.NotNull((await alice.GetAsync<HeldKeyDto>($"/v1/keys/{aliceKey}")).Token);

        await world.Car.SendAsync(new EventMessage
        {
            Events =
            [
                new EventRecord(EventKind.Unlocked, Now(), Convert.ToUInt64(bobKey, 16), (byte)CommandCode.Unlock, 0),
                new EventRecord(EventKind.Transferred, Now(), Convert.ToUInt64(bobKey, 16), 0, 0),
            ],
        });
        await Eventually.TrueAsync(async () => (await world.KeyAsync(aliceKey)).State == KeyState.Transferred, "alice's key transferred");

        Assert.Equal(KeyState.Active, (await world.KeyAsync(bobKey)).State);
        Assert.Equal(KeyState.Revoked, (await world.KeyAsync(carolKey)).State);
        Assert.Equal(KeyState.Revoked, (await world.KeyAsync(daveKey)).State);

        // The device is told: alice's key transferred (not revoked, which would void bob's share), carol's and dave's revoked.
        var bulletin = await world.Car.WaitForAsync<BulletinMessage>(b => b.Entries.Any(e => e.KeyId == Convert.ToUInt64(aliceKey, 16)));
        Assert.Equal(KeyStanding.Transferred, bulletin.Entries.Single(e => e.KeyId == Convert.ToUInt64(aliceKey, 16)).Standing);
        Assert.Equal(KeyStanding.Revoked, bulletin.Entries.Single(e => e.KeyId == Convert.ToUInt64(carolKey, 16)).Standing);
        Assert.Equal(KeyStanding.Revoked, bulletin.Entries.Single(e => e.KeyId == Convert.ToUInt64(daveKey, 16)).Standing);
        Assert.DoesNotContain(bulletin.Entries, e => e.KeyId == Convert.ToUInt64(bobKey, 16));

        // Alice gets no token any more; nothing is done to or shared from a transferred key.
        var held = await alice.GetAsync<HeldKeyDto>($"/v1/keys/{aliceKey}");
        Assert.Null(held.Token);
        Assert.Null(held.HolderSecret);
        await AssertProblemAsync(await world.Owner.PostAsync($"/v1/keys/{aliceKey}/freeze", null), HttpStatusCode.Conflict, "key-transferred");
        await AssertProblemAsync(await world.Service.Operator.PostAsync($"/v1/keys/{aliceKey}/revoke", null), HttpStatusCode.Conflict, "key-transferred");
        await AssertProblemAsync(await world.ShareAsync(alice, aliceKey, daveId), HttpStatusCode.Conflict, "key-transferred");
        // Bob's key is his now: alice stands over it no more, the manager still does.
        await AssertProblemAsync(await alice.PostAsync($"/v1/keys/{bobKey}/revoke", null), HttpStatusCode.Forbidden, "forbidden");
        Assert.NotNull((await bob.GetAsync<HeldKeyDto>($"/v1/keys/{bobKey}")).Token);

        // Two confirmed rotations: bob's key follows the device's epoch, alice's never does, and she never gets a token again.
        var aliceEpoch = (await world.KeyAsync(aliceKey)).Epoch;
        for (var round = 0; round < 2; round++)
        {
            var started = await world.Service.Operator.PostAsync<List<RotationDto>>("/v1/rotations", new { deviceIds = new[] { $"{world.Car.Id:x16}" } });
            await RotationAckTests.WaitForStateAsync(world.Service, started[0].Id, RotationState.Confirmed);
        }

        var deviceEpoch = (await world.Service.Operator.GetAsync<DeviceApi.DeviceDetailsDto>($"/v1/devices/{world.Car.Id:x16}")).Device.Epoch;
        Assert.Equal(aliceEpoch + 2, deviceEpoch);
        Assert.Equal(aliceEpoch, (await world.KeyAsync(aliceKey)).Epoch);
        Assert.Equal(deviceEpoch, (await world.KeyAsync(bobKey)).Epoch);
        Assert.Equal(KeyState.Transferred, (await world.KeyAsync(aliceKey)).State);
        Assert.Null((await alice.GetAsync<HeldKeyDto>($"/v1/keys/{aliceKey}")).Token);
        var bobToken = TokenCodec.Decode(Convert.FromHexString((await bob.GetAsync<HeldKeyDto>($"/v1/keys/{bobKey}")).Token!));
        Assert.Equal(deviceEpoch, bobToken.Epoch);
        Assert.Equal(Convert.ToUInt64(aliceKey, 16), bobToken.ParentKeyId);

        // Bob's key hangs under alice's, two epochs behind it: the manager still stands over bob's key through hers (a
        // key's chain is read by its links, whatever epoch each link is under), sees it in the owner key's tree, and
        // alice still does not stand over it.
        var tree = await world.Owner.GetAsync<List<KeyNodeDto>>($"/v1/keys/{world.OwnerKey}/tree");
        Assert.Equal(2, tree.Single(node => node.Key.Id == bobKey).Depth);
        Assert.Equal(KeyState.Frozen, (await TestService.PostAsync<KeyDto>(world.Owner, $"/v1/keys/{bobKey}/freeze", null)).State);
        await AssertProblemAsync(await alice.PostAsync($"/v1/keys/{bobKey}/unfreeze", null), HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(KeyState.Active, (await TestService.PostAsync<KeyDto>(world.Owner, $"/v1/keys/{bobKey}/unfreeze", null)).State);

        // A second report of the same transfer changes nothing.
        var audited = await TransferAuditsAsync(world.Service);
        await world.Car.SendAsync(new EventMessage { Events = [new EventRecord(EventKind.Unlocked, Now(), Convert.ToUInt64(bobKey, 16), (byte)CommandCode.Unlock, 0)] });
        await Eventually.TrueAsync(async () => (await world.Service.Operator.GetAsync<List<EventDto>>($"/v1/devices/{world.Car.Id:x16}/events")).Count >= 3, "the later event stored");
        Assert.Equal(audited, await TransferAuditsAsync(world.Service));
        Assert.Equal(1, audited);
    }

    [Fact]
    public async Task The_sharer_and_the_manager_hear_of_the_transfer_and_a_co_use_holder_of_their_revoked_share()
    {
        await using var world = await OwnedCar.StartAsync("sqlite", "car-t2");
        var (aliceId, alice) = await world.Service.CreateUserAsync("alice-t2");
        var (bobId, bob) = await world.Service.CreateUserAsync("bob-t2");
        var (carolId, carol) = await world.Service.CreateUserAsync("carol-t2");
        var aliceKey = await world.ShareIdAsync(world.Owner, world.OwnerKey, aliceId, permissions: "unlock,share");
        var bobKey = await world.ShareIdAsync(alice, aliceKey, bobId, mode: "transfer");
        var carolKey = await world.ShareIdAsync(alice, aliceKey, carolId);

        // Firmware that logs only the accepted command still proves the transfer.
        await world.Car.SendAsync(new EventMessage { Events = [new EventRecord(EventKind.Started, Now(), Convert.ToUInt64(bobKey, 16), (byte)CommandCode.Start, 0)] });

        var toAlice = await NotificationWorld.WaitForAsync(alice, NotificationType.KeyTransferred);
        Assert.Equal(aliceKey, NotificationWorld.Data(toAlice, "keyId"));
        Assert.Equal(bobKey, NotificationWorld.Data(toAlice, "to"));
        var toManager = await NotificationWorld.WaitForAsync(world.Owner, NotificationType.KeyTransferred);
        Assert.Equal(aliceKey, NotificationWorld.Data(toManager, "keyId"));
        var toCarol = await NotificationWorld.WaitForAsync(carol, NotificationType.KeyRevoked);
        Assert.Equal(carolKey, NotificationWorld.Data(toCarol, "keyId"));
        Assert.Equal("transferred", NotificationWorld.Data(toCarol, "reason"));
        Assert.DoesNotContain(await NotificationWorld.FeedAsync(bob), n => n.Type is NotificationType.KeyTransferred or NotificationType.KeyRevoked);
    }

    [Fact]
    public async Task A_co_use_shares_use_or_another_devices_report_transfers_nothing()
    {
        await using var world = await OwnedCar.StartAsync("sqlite", "car-t3");
        await using var other = await Fleet.OnlineAsync(world.Service, "car-t3b");
        var (aliceId, alice) = await world.Service.CreateUserAsync("alice-t3");
        var (bobId, _) = await world.Service.CreateUserAsync("bob-t3");
        var (carolId, _) = await world.Service.CreateUserAsync("carol-t3");
        var aliceKey = await world.ShareIdAsync(world.Owner, world.OwnerKey, aliceId, permissions: "unlock,share");
        var bobKey = await world.ShareIdAsync(alice, aliceKey, bobId, mode: "transfer");
        var carolKey = await world.ShareIdAsync(alice, aliceKey, carolId);

        await world.Car.SendAsync(new EventMessage { Events = [new EventRecord(EventKind.Unlocked, Now(), Convert.ToUInt64(carolKey, 16), (byte)CommandCode.Unlock, 0)] });
        await other.SendAsync(new EventMessage { Events = [new EventRecord(EventKind.Transferred, Now(), Convert.ToUInt64(bobKey, 16), 0, 0)] });
        // A refusal of the transfer share is no use of it either.
        await world.Car.SendAsync(new EventMessage { Events = [new EventRecord(EventKind.Refused, Now(), Convert.ToUInt64(bobKey, 16), 3, 0)] });
        await Eventually.TrueAsync(async () => (await world.Service.Operator.GetAsync<List<EventDto>>($"/v1/devices/{world.Car.Id:x16}/events")).Count >= 2, "the events stored");
        await Eventually.TrueAsync(async () => (await world.Service.Operator.GetAsync<List<EventDto>>($"/v1/devices/{other.Id:x16}/events")).Count >= 1, "the other car's event stored");

        Assert.Equal(KeyState.Active, (await world.KeyAsync(aliceKey)).State);
        Assert.Equal(KeyState.Active, (await world.KeyAsync(carolKey)).State);
        Assert.Equal(0, await TransferAuditsAsync(world.Service));
    }

    private static uint Now() => (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static async Task<int> TransferAuditsAsync(TestService service) =>
        (await service.Operator.GetAsync<List<AuditDto>>("/v1/audit?action=key.transferred")).Count;
}
