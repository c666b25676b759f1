using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ShareKey.EndToEnd.Tests.Support;
using ShareKey.Simulator.Devices;

namespace ShareKey.EndToEnd.Tests.Tls;

/// <summary>
/// The device link on the service's defaults is MQTT over TLS: a board file carries the broker's CA, a simulated
/// T-BOX verifies the broker against it, comes online and takes its first key; the same board with another CA in its
/// file refuses the broker and never logs in.
/// </summary>
public sealed class DeviceLinkTlsTests
{
    [Fact]
    public async Task A_car_reaches_the_default_broker_over_TLS_and_one_trusting_another_CA_does_not()
    {
        await using var rig = await Rig.StartAsync();
        Assert.False(rig.Service.Options.Broker.PlainMqtt);
        var board = await rig.ProvisionAsync("car-tls");
        Assert.True(board.Config.MqttTls);
        Assert.NotNull(board.Config.MqttCaCertificate);
        await rig.CarInServiceAsync(board);
        Assert.NotEmpty(rig.Log.Of($"{board.Name} {board.Id}", "mqtt: connected to"));

        var misled = await rig.ProvisionAsync("car-wrong-ca");
        using var strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = new CertificateRequest("CN=someone else's CA", strangerKey, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var text = File.ReadAllText(misled.ConfigPath).Replace(misled.Config.MqttCaCertificate!, Convert.ToBase64String(stranger.RawData), StringComparison.Ordinal);
        File.WriteAllText(misled.ConfigPath, text);
        await using var car = new SimulatedTBox(new SimulatedTBoxOptions { Config = BoardConfigFile.Read(misled.ConfigPath), Flash = misled.Flash, Log = rig.Log });

        await car.StartAsync();
        await Eventually.TrueAsync(() => rig.Log.Of($"{misled.Name} {misled.Id}", "mqtt: cannot connect").Count > 0, "the car refusing the broker's certificate");

        Assert.False(car.Online.IsCompleted);
        Assert.Empty(rig.Log.Of($"{misled.Name} {misled.Id}", "mqtt: connected to"));
        var device = await rig.Service.Operator.GetAsync<ShareKey.KeyService.Provisioning.DeviceApi.DeviceDetailsDto>($"/v1/devices/{misled.Id}");
        Assert.True(device.Device.LastSeenAt is null, "the service never heard from the car with the wrong CA");
    }
}
