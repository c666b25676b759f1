using System.Text.Json;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Rotation;

/// <summary>Acks that must change nothing: duplicates, a proof that does not verify, a frame that fails its link MAC.</summary>
public sealed class AckIntegrityTests
{
    [Fact]
    public async Task Duplicate_acks_confirm_once()
    {
        await using var service = await TestService.StartAsync();
        await using var car = await Fleet.OnlineAsync(service, "car-5");
        car.AckTwice = true;

        var started = await TestService.PostAsync<JsonElement>(service.Operator, "/v1/rotations", new { deviceIds = new[] { $"{car.Id:x16}" } });
        await RotationAckTests.WaitForStateAsync(service, started[0].GetProperty("id").GetInt64(), "confirmed");
        await car.WaitForAsync<CommitMessage>(c => c.Epoch == 2);

        // The same uplink id delivered again (a broker redelivery) is ignored outright.
        var replayed = new AckMessage { AckedMessageId = 1, Status = AckStatus.Applied, Proof = new byte[16] };
        var id = await car.SendAsync(replayed);
        await car.SendAsync(replayed, id);
        await car.SendKeyReportAsync();
        await Eventually.TrueAsync(async () => (await TestService.GetAsync<JsonElement>(service.Operator, $"/v1/devices/{car.Id:x16}")).GetProperty("lastReport").ValueKind == JsonValueKind.Object, "the car's key report stored");

        var confirms = await TestService.GetAsync<JsonElement>(service.Operator, $"/v1/audit?action=rotation.confirm&target=device:{car.Id:x16}");
        Assert.Equal(2, confirms.GetArrayLength());
        Assert.Single(car.Received().OfType<CommitMessage>(), c => c.Epoch == 2);
        var device = await TestService.GetAsync<JsonElement>(service.Operator, $"/v1/devices/{car.Id:x16}");
        Assert.Equal(2u, device.GetProperty("device").GetProperty("epoch").GetUInt32());
    }

    [Fact]
    public async Task A_forged_proof_is_rejected_and_the_rotation_waits_for_a_real_one()
    {
        await using var service = await TestService.StartAsync(configure: options => options.Rotation.MaxAttempts = 20);
        await using var car = await Fleet.OnlineAsync(service, "car-6");
        car.ForgeProof = true;

        var started = await TestService.PostAsync<JsonElement>(service.Operator, "/v1/rotations", new { deviceIds = new[] { $"{car.Id:x16}" } });
        var id = started[0].GetProperty("id").GetInt64();
        await Eventually.TrueAsync(async () => (await TestService.GetAsync<JsonElement>(service.Operator, $"/v1/audit?action=rotation.ack&target=device:{car.Id:x16}")).EnumerateArray().Any(e => e.GetProperty("result").GetString() == "bad-proof"), "a bad-proof audit entry");
        var waiting = await TestService.GetAsync<JsonElement>(service.Operator, $"/v1/rotations/{id}");
        Assert.Equal("sending", waiting.GetProperty("state").GetString());
        Assert.Contains("does not verify", waiting.GetProperty("lastError").GetString());
        var device = await TestService.GetAsync<JsonElement>(service.Operator, $"/v1/devices/{car.Id:x16}");
        Assert.Equal(1u, device.GetProperty("device").GetProperty("epoch").GetUInt32());
        Assert.DoesNotContain(car.Received().OfType<CommitMessage>(), c => c.Epoch == 2);

        // The device is fixed: the next resend gets a true proof (a fresh ack, not the remembered forged one).
        car.ForgeProof = false;
        car.ForgetAcks();
        await RotationAckTests.WaitForStateAsync(service, id, "confirmed");
        await car.WaitForAsync<CommitMessage>(c => c.Epoch == 2);
    }

    [Fact]
    public async Task A_frame_with_a_bad_link_mac_is_dropped_unread()
    {
        await using var service = await TestService.StartAsync();
        await using var car = await Fleet.OnlineAsync(service, "car-7");
        var reportsBefore = (await TestService.GetAsync<JsonElement>(service.Operator, $"/v1/devices/{car.Id:x16}")).GetProperty("lastReport").GetProperty("receivedAt").GetDateTimeOffset();

        var frame = new ShareKey.Protocol.Formatter.MessageEncoder(new ShareKey.Protocol.Security.Macs(new ShareKey.Protocol.Crypto.DotNetCryptoProvider()))
            .Encode(new KeyReportMessage { MessageId = 999, ActiveEpoch = 9, Uses = [], RecentEvents = [] }, new byte[32]);
        await car.SendFrameAsync(frame);
        await car.SendKeyReportAsync();
        await Eventually.TrueAsync(async () =>
            (await TestService.GetAsync<JsonElement>(service.Operator, $"/v1/devices/{car.Id:x16}")).GetProperty("lastReport").GetProperty("receivedAt").GetDateTimeOffset() > reportsBefore, "a newer key report stored");
        var report = (await TestService.GetAsync<JsonElement>(service.Operator, $"/v1/devices/{car.Id:x16}")).GetProperty("lastReport");
        Assert.Equal(1u, report.GetProperty("activeEpoch").GetUInt32());
    }
}
