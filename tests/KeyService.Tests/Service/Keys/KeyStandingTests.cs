using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Provisioning;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.KeyService.Tests.Service.Keys;

/// <summary>R1.5: revoke, freeze, unfreeze by the holder; each a sequence-numbered bulletin the device acknowledges; the phone gets it to carry.</summary>
public sealed class KeyStandingTests
{
    private const string Vin = "1M8GDM9AXKP042788";

    [Fact]
    public async Task Freeze_unfreeze_revoke_each_send_a_complete_bulletin()
    {
        await using var service = await TestService.StartAsync();
        await using var car = await Fleet.OnlineAsync(service, "car-k1", Vin);
        var (userId, holder) = await service.CreateUserAsync("holder-k");
        var issued = await TestService.PostAsync<HeldKeyDto>(service.Operator, "/v1/keys", new { type = "owner", userId, vin = Vin });
        var keyId = issued.Key.Id;
        Assert.Null(issued.HolderSecret);

        await TestService.PostAsync<KeyDto>(holder, $"/v1/keys/{keyId}/freeze", null);
        var frozen = await car.WaitForAsync<BulletinMessage>(b => b.Sequence == 1);
        Assert.Equal(KeyStanding.Frozen, frozen.Entries.Single().Standing);

        await TestService.PostAsync<KeyDto>(holder, $"/v1/keys/{keyId}/unfreeze", null);
        Assert.Empty((await car.WaitForAsync<BulletinMessage>(b => b.Sequence == 2)).Entries);

        var held = await TestService.GetAsync<HeldKeyDto>(holder, $"/v1/keys/{keyId}");
        Assert.NotNull(held.Bulletin);
        var carried = BulletinCodec.ReadBulletin(new ByteReader(Convert.FromHexString(held.Bulletin), 0, held.Bulletin.Length / 2));
        Assert.Equal(2u, carried.Sequence);
        Assert.True(ConstantTime.Equals(new Macs(new ShareKey.Protocol.Crypto.DotNetCryptoProvider()).BulletinMac(car.Secrets.BulletinKey, carried), carried.Mac));
        Assert.NotNull(held.SignedTime);

        await TestService.PostAsync<KeyDto>(holder, $"/v1/keys/{keyId}/revoke", null);
        Assert.Equal(KeyStanding.Revoked, (await car.WaitForAsync<BulletinMessage>(b => b.Sequence == 3)).Entries.Single().Standing);
        var again = await holder.PostAsync($"/v1/keys/{keyId}/unfreeze", null);
        await AssertProblemAsync(again, System.Net.HttpStatusCode.Conflict, "key-revoked");
        await Eventually.TrueAsync(async () => (await TestService.GetAsync<OutboxDto[]>(service.Operator, $"/v1/devices/{car.Id:x16}/outbox?state=pending")).Length == 0, "every bulletin acked");
    }

    [Fact]
    public async Task A_device_clock_behind_gets_a_signed_time_sync()
    {
        await using var service = await TestService.StartAsync();
        await using var car = await Fleet.OnlineAsync(service, "car-k3");

        await car.SendAsync(new KeyReportMessage { ActiveEpoch = 1, DeviceTime = 3, Uses = [], RecentEvents = [] });

        var sync = await car.WaitForAsync<TimeSyncMessage>();
        Assert.InRange(sync.Time, (uint)DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), (uint)DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
        Assert.True(ConstantTime.Equals(new Macs(new ShareKey.Protocol.Crypto.DotNetCryptoProvider()).TimeMac(car.Secrets.TimeKey, car.Id, sync.Time), sync.Mac));
    }

    [Fact]
    public async Task A_key_report_behind_on_bulletins_gets_the_newest_again_and_shows_drift()
    {
        await using var service = await TestService.StartAsync();
        await using var car = await Fleet.OnlineAsync(service, "car-k2", Vin);
        var (userId, holder) = await service.CreateUserAsync("holder-k2");
        var issued = await TestService.PostAsync<HeldKeyDto>(service.Operator, "/v1/keys", new { type = "owner", userId, vin = Vin, maxUses = 2 });
        var keyId = issued.Key.Id;
        await TestService.PostAsync<KeyDto>(holder, $"/v1/keys/{keyId}/freeze", null);
        await car.WaitForAsync<BulletinMessage>(b => b.Sequence == 1);
        await Eventually.TrueAsync(async () => (await TestService.GetAsync<OutboxDto[]>(service.Operator, $"/v1/devices/{car.Id:x16}/outbox?state=pending")).Length == 0, "bulletin 1 acked (while it is still being sent, a report behind it waits for that send)");

        // The device claims it never applied it, and counts too many uses.
        var behind = new KeyReportMessage { ActiveEpoch = 1, BulletinSequence = 0, DeviceTime = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Uses = [new KeyUse(Convert.ToUInt64(keyId, 16), 3)], RecentEvents = [] };
        await car.SendAsync(behind);
        await car.WaitForAsync<BulletinMessage>(b => b.Sequence == 2);

        var view = await TestService.GetAsync<DeviceApi.DeviceKeysDto>(service.Operator, $"/v1/devices/{car.Id:x16}/keys");
        var drift = view.Drift;
        Assert.Contains(drift, line => line.Contains("applied bulletin 0"));
        Assert.Contains(drift, line => line.Contains("over its limit of 2"));
        Assert.Equal((ushort)3, view.Keys[0].ReportedUses);
    }

    [Fact]
    public async Task The_drift_view_shows_the_keys_the_device_may_hold_and_not_its_history()
    {
        await using var service = await TestService.StartAsync();
        await using var car = await Fleet.OnlineAsync(service, "car-k4", Vin);
        var (userId, holder) = await service.CreateUserAsync("holder-k4");
        async Task<string> IssueAsync() => (await TestService.PostAsync<HeldKeyDto>(service.Operator, "/v1/keys", new { type = "owner", userId, vin = Vin })).Key.Id;
        var gone = await IssueAsync();
        var counted = await IssueAsync();
        var live = await IssueAsync();
        var frozen = await IssueAsync();
        await TestService.PostAsync<KeyDto>(holder, $"/v1/keys/{gone}/revoke", null);
        await TestService.PostAsync<KeyDto>(holder, $"/v1/keys/{counted}/revoke", null);
        await TestService.PostAsync<KeyDto>(holder, $"/v1/keys/{frozen}/freeze", null);

        // The device still counts uses of a key revoked since, and of one the cloud never made.
        const ulong Unknown = 0x0123456789abcdef;
        await car.SendAsync(new KeyReportMessage
        {
            ActiveEpoch = 1,
            BulletinSequence = 3,
            DeviceTime = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            Uses = [new KeyUse(Convert.ToUInt64(counted, 16), 1), new KeyUse(Convert.ToUInt64(live, 16), 2), new KeyUse(Unknown, 1)],
            RecentEvents = [],
        });
        DeviceApi.DeviceKeysDto view = null!;
        await Eventually.TrueAsync(async () => (view = await TestService.GetAsync<DeviceApi.DeviceKeysDto>(service.Operator, $"/v1/devices/{car.Id:x16}/keys")).Keys.Count(k => k.ReportedUses is not null) == 2, "the report stored");

        // The revoked key nobody counts is history: the key list has it, the drift view does not.
        var uses = view.Keys.ToDictionary(k => k.Key.Id, k => k.ReportedUses);
        Assert.Equal(new[] { counted, live, frozen }.Order(), uses.Keys.Order());
        Assert.Equal((ushort?)1, uses[counted]);
        Assert.Equal((ushort?)2, uses[live]);
        Assert.Null(uses[frozen]);
        Assert.Contains(gone, (await TestService.KeysAsync(service.Operator, $"deviceId={car.Id:x16}")).Select(k => k.Id));
        Assert.Contains(view.Drift, line => line.Contains($"uses of key {Unknown:x16}, which the cloud does not know"));
    }
}
