using ShareKey.KeyService.Provisioning;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.KeyService.Tests.Service.Uplinks;

/// <summary>The up topic carries only up messages: a down type there is refused even under the device's own link MAC,
/// and is not remembered as handled.</summary>
public sealed class UplinkDirectionTests
{
    [Fact]
    public async Task A_down_message_on_the_up_topic_is_refused_and_does_not_use_up_its_message_id()
    {
        await using var service = await TestService.StartAsync();
        await using var car = await Fleet.OnlineAsync(service, "car-dir-1");
        var before = await LastReportAtAsync(service, car);
        const uint id = 4_000;

        var encoder = new MessageEncoder(new Macs(new DotNetCryptoProvider()));
        foreach (var down in new Message[] { new RotateMessage { MessageId = id, Epoch = 9, WrappedKey = new WrappedKey(new byte[WrappedKey.IvLength], new byte[32], new byte[16]), RevokedKeyIds = [] }, new CommitMessage { MessageId = id, Epoch = 9 } })
        {
            await car.SendFrameAsync(encoder.Encode(down, car.Secrets.LinkUpKey));
        }
        // Had the Rotate or the Commit been taken, this report's id would be a duplicate and change nothing.
        await car.SendAsync(new KeyReportMessage { ActiveEpoch = car.ActiveEpoch, BackupEpoch = car.BackupEpoch, BulletinSequence = car.BulletinSequence, DeviceTime = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Uses = [], RecentEvents = [] }, id);

        await Eventually.TrueAsync(async () => await LastReportAtAsync(service, car) > before, "the report with the Rotate's message id");
        var device = await TestService.GetAsync<DeviceApi.DeviceDetailsDto>(service.Operator, $"/v1/devices/{car.Id:x16}");
        Assert.Equal(1u, device.Device.Epoch);
    }

    private static async Task<DateTimeOffset> LastReportAtAsync(TestService service, ScriptedDevice car)
    {
        var report = (await TestService.GetAsync<DeviceApi.DeviceDetailsDto>(service.Operator, $"/v1/devices/{car.Id:x16}")).LastReport;
        Assert.NotNull(report);
        return report.ReceivedAt;
    }
}
