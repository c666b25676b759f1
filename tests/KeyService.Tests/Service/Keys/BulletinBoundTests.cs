using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;

namespace ShareKey.KeyService.Tests.Service.Keys;

/// <summary>
/// docs/protocol.md §4.5: a bulletin lists every revocation and freeze that may still matter on the
/// device, never just the newest ones, and the cloud refuses a key rather than need a longer list.
/// </summary>
public sealed class BulletinBoundTests
{
    private const string Vin = "1M8GDM9AXKP042788";
    private const uint Now = 1_800_000_000;

    [Fact]
    public void Every_revocation_and_freeze_under_a_live_epoch_and_unexpired_is_listed_revocations_first()
    {
        VirtualKey[] keys =
        [
            Key(1, KeyState.Active, epoch: 5, notAfter: Now + 10),
            Key(2, KeyState.Frozen, epoch: 5, notAfter: Now + 10),
            Key(3, KeyState.Revoked, epoch: 4, notAfter: Now + 10),
            Key(4, KeyState.Revoked, epoch: 3, notAfter: Now + 10),
            Key(5, KeyState.Revoked, epoch: 5, notAfter: Now),
            Key(6, KeyState.Revoked, epoch: 5, notAfter: BulletinEntry.NoExpiry),
        ];

        var listed = BulletinIssuer.Listed(keys, deviceEpoch: 5, Now);

        Assert.Equal([3ul, 6ul, 2ul], listed.Select(entry => entry.KeyId));
        Assert.Equal([KeyStanding.Revoked, KeyStanding.Revoked, KeyStanding.Frozen], listed.Select(entry => entry.Standing));
        Assert.Equal(BulletinEntry.NoExpiry, listed[1].NotAfter);
    }

    [Fact]
    public void Old_revocations_are_never_pushed_out_by_newer_ones()
    {
        var keys = Enumerable.Range(1, 40).Select(i => Key((ulong)i, KeyState.Revoked, epoch: 5, notAfter: Now + (uint)i)).ToList();

        var listed = BulletinIssuer.Listed(keys, deviceEpoch: 5, Now + 20);

        Assert.Equal(Enumerable.Range(21, 20).Select(i => (ulong)i), listed.Select(entry => entry.KeyId));
    }

    [Fact]
    public async Task A_device_with_26_live_keys_gets_no_27th_until_one_expires_or_its_epoch_goes()
    {
        await using var service = await TestService.StartAsync();
        await using var car = await Fleet.OnlineAsync(service, "car-bound", Vin);
        var (userId, _) = await service.CreateUserAsync("bound-holder");
        for (var i = 0; i < BulletinMessage.MaxEntries; i++)
        {
            await TestService.PostAsync<HeldKeyDto>(service.Operator, "/v1/keys", new { type = "renter", userId, vin = Vin });
        }

        var refused = await service.Operator.PostAsJsonAsync("/v1/keys", new { type = "renter", userId, vin = Vin }, ShareKey.KeyService.Api.Json.Options);

        await AssertProblemAsync(refused, HttpStatusCode.Conflict, "device-key-limit");
        var listed = await TestService.KeysAsync(service.Operator, $"deviceId={car.Id:x16}");
        Assert.Equal(BulletinMessage.MaxEntries, listed.Length);
    }

    /// <summary>
    /// Two issues to one device at once: the second waits for the first's device lock and then counts the key the
    /// first added. PostgreSQL only: on SQLite every write session waits for the one writer anyway. The session
    /// below stands for the first issue; the test goes on once PostgreSQL shows the request waiting for a lock.
    /// </summary>
    [Fact]
    public async Task An_issue_waits_for_the_device_so_two_at_once_never_pass_the_limit()
    {
        await using var service = await TestService.StartAsync("postgresql");
        await using var car = await Fleet.OnlineAsync(service, "car-race", Vin);
        var (userId, _) = await service.CreateUserAsync("race-holder");
        for (var i = 0; i < BulletinMessage.MaxEntries - 1; i++)
        {
            await TestService.PostAsync<HeldKeyDto>(service.Operator, "/v1/keys", new { type = "renter", userId, vin = Vin });
        }

        var store = service.Services.GetRequiredService<IKeyStore>();
        await using (var first = await store.BeginAsync(CancellationToken.None))
        {
            var device = (await first.Devices.LockAsync([car.Id], CancellationToken.None)).Single();
            var second = service.Operator.PostAsJsonAsync("/v1/keys", new { type = "renter", userId, vin = Vin }, ShareKey.KeyService.Api.Json.Options);
            await PostgresLockWaits.UntilOneWaitsAsync(service, "the second issue to wait for the device's row");

            var last = Key(Ids.NewId(), KeyState.Active, device.Epoch, notAfter: uint.MaxValue) with { DeviceId = car.Id, HolderId = Convert.ToUInt64(userId, 16), Type = KeyType.Renter };
            await first.Keys.InsertAsync(last, CancellationToken.None);
            await first.CommitAsync(CancellationToken.None);

            await AssertProblemAsync(await second, HttpStatusCode.Conflict, "device-key-limit");
        }

        var listed = await TestService.KeysAsync(service.Operator, $"deviceId={car.Id:x16}");
        Assert.Equal(BulletinMessage.MaxEntries, listed.Length);
    }

    private static VirtualKey Key(ulong id, KeyState state, uint epoch, uint notAfter) =>
        new(id, 0x5348415245000001, 0x5553455200000001, KeyType.Shared, Permissions.Unlock, TokenFlags.None, epoch, Now - 100, notAfter, 0, 0, state, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
}
