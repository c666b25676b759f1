using System.Text.Json;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Provisioning;
using ShareKey.KeyService.Rotation;
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

        var started = await service.Operator.PostAsync<List<RotationDto>>("/v1/rotations", new { deviceIds = new[] { $"{car.Id:x16}" } });
        await RotationAckTests.WaitForStateAsync(service, started[0].Id, RotationState.Confirmed);
        await car.WaitForAsync<CommitMessage>(c => c.Epoch == 2);

        // The same uplink id delivered again (a broker redelivery) is ignored outright.
        var replayed = new AckMessage { AckedMessageId = 1, Status = AckStatus.Applied, Proof = new byte[16] };
        var id = await car.SendAsync(replayed);
        await car.SendAsync(replayed, id);
        await car.SendKeyReportAsync();
        await Eventually.TrueAsync(async () => (await service.Operator.GetAsync<DeviceApi.DeviceDetailsDto>($"/v1/devices/{car.Id:x16}")).LastReport is not null, "the car's key report stored");

        var confirms = await service.Operator.GetAsync<List<AuditDto>>($"/v1/audit?action=rotation.confirm&target=device:{car.Id:x16}");
        Assert.Equal(2, confirms.Count);
        Assert.Single(car.Received().OfType<CommitMessage>(), c => c.Epoch == 2);
        var device = await service.Operator.GetAsync<DeviceApi.DeviceDetailsDto>($"/v1/devices/{car.Id:x16}");
        Assert.Equal(2u, device.Device.Epoch);
    }

    [Fact]
    public async Task A_forged_proof_is_rejected_and_the_rotation_waits_for_a_real_one()
    {
        await using var service = await TestService.StartAsync(configure: options => options.Rotation.MaxAttempts = 20);
        await using var car = await Fleet.OnlineAsync(service, "car-6");
        car.ForgeProof = true;

        var started = await service.Operator.PostAsync<List<RotationDto>>("/v1/rotations", new { deviceIds = new[] { $"{car.Id:x16}" } });
        var id = started[0].Id;
        await Eventually.TrueAsync(async () => (await service.Operator.GetAsync<List<AuditDto>>($"/v1/audit?action=rotation.ack&target=device:{car.Id:x16}")).Any(e => e.Result == "bad-proof"), "a bad-proof audit entry");
        var waiting = await service.Operator.GetAsync<RotationDto>($"/v1/rotations/{id}");
        Assert.Equal(RotationState.Sending, waiting.State);
        Assert.Contains("does not verify", waiting.LastError);
        var device = await service.Operator.GetAsync<DeviceApi.DeviceDetailsDto>($"/v1/devices/{car.Id:x16}");
        Assert.Equal(1u, device.Device.Epoch);
        Assert.DoesNotContain(car.Received().OfType<CommitMessage>(), c => c.Epoch == 2);

        // The link is fixed: the next resend gets the device's true proof (it remembered its own Ack, never the forged copy).
        car.ForgeProof = false;
        await RotationAckTests.WaitForStateAsync(service, id, RotationState.Confirmed);
        await car.WaitForAsync<CommitMessage>(c => c.Epoch == 2);
    }

    [Fact]
    public async Task A_frame_with_a_bad_link_mac_is_dropped_unread()
    {
        await using var service = await TestService.StartAsync();
        await using var car = await Fleet.OnlineAsync(service, "car-7");
        var reportsBefore = (await service.Operator.GetAsync<DeviceApi.DeviceDetailsDto>($"/v1/devices/{car.Id:x16}")).LastReport!.ReceivedAt;

        var frame = new ShareKey.Protocol.Formatter.MessageEncoder(new ShareKey.Protocol.Security.Macs(new ShareKey.Protocol.Crypto.DotNetCryptoProvider()))
            .Encode(new KeyReportMessage { MessageId = 999, ActiveEpoch = 9, Uses = [], RecentEvents = [] }, new byte[32]);
        await car.SendFrameAsync(frame);
        await car.SendKeyReportAsync();
        await Eventually.TrueAsync(async () =>
            (await service.Operator.GetAsync<DeviceApi.DeviceDetailsDto>($"/v1/devices/{car.Id:x16}")).LastReport!.ReceivedAt > reportsBefore, "a newer key report stored");
        var report = (await service.Operator.GetAsync<DeviceApi.DeviceDetailsDto>($"/v1/devices/{car.Id:x16}")).LastReport!;
        Assert.Equal(1u, report.ActiveEpoch);
    }
}
