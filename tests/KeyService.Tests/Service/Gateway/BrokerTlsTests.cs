using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ShareKey.KeyService.Gateway;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Mqtt.Client;

namespace ShareKey.KeyService.Tests.Service.Gateway;

/// <summary>The in-process broker speaks TLS by default, with a CA made at first start: board files carry the CA, a
/// device trusting it gets in, one trusting another CA and a plain client do not.</summary>
public sealed class BrokerTlsTests
{
    [Fact]
    public async Task By_default_devices_reach_the_broker_over_TLS_verified_against_the_CA_in_their_board_file()
    {
        await using var service = await TestService.StartAsync(configure: options => options.Broker.PlainMqtt = false);
        var board = await service.ProvisionAsync("car-tls-1");

        Assert.Equal("true", board.Values["mqtt.tls"]);
        using var authority = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(board.Values["mqtt.ca-cert"]));
        Assert.True(authority.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        var keyPath = Path.Combine(service.Options.DataDirectory, BrokerCertificateAuthority.KeyFile);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        }

        await using (var device = new MqttClient(Options(board) with { Tls = MqttClientTlsOptions.TrustingOnly(authority, board.Host) }))
        {
            await device.ConnectAsync();
        }

        using var strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = new CertificateRequest("CN=another CA", strangerKey, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await using (var fooled = new MqttClient(Options(board) with { Tls = MqttClientTlsOptions.TrustingOnly(stranger, board.Host) }))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => fooled.ConnectAsync());
            Assert.NotEqual(MqttClientState.Connected, fooled.State);
        }
        await using (var plain = new MqttClient(Options(board) with { ConnectTimeout = TimeSpan.FromSeconds(5) }))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => plain.ConnectAsync());
        }
    }

    private static MqttClientOptions Options(BoardFile board) =>
        new() { Host = board.Host, Port = board.Port, ClientId = board.Username, Username = board.Username, Password = board.Password };
}
