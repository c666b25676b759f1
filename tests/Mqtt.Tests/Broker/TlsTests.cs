using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using ShareKey.Mqtt.Formatter;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>The TLS listener: MQTT over <see cref="SslStream"/>, and a failed handshake costs nothing else.</summary>
public sealed class TlsTests
{
    [Fact]
    public async Task A_client_connects_over_TLS_and_a_plain_client_on_the_TLS_port_is_dropped()
    {
        using var certificate = SelfSignedCertificate.CreateForLoopback();
        await using var broker = await TestBroker.StartAsync(o => o with
        {
            TlsEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            TlsCertificate = certificate,
        });
        var tlsPort = broker.Broker.TlsEndPoint!.Port;

        await using (var plain = await RawMqttClient.OpenAsync(tlsPort))
        {
            await plain.SendAsync(new MqttConnectPacket { ClientId = "plain" });
            await plain.WaitClosedAsync();
        }
        await broker.Log.WaitForAsync("failed before MQTT");

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, tlsPort);
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString(),
        });
        await tls.WriteAsync(new MqttPacketEncoder().Encode(new MqttConnectPacket { ClientId = "secure" }));
        var buffer = new byte[4];
        await tls.ReadExactlyAsync(buffer);
        Assert.True(new MqttPacketDecoder().TryDecode(buffer, out var packet, out _));
        Assert.Equal(MqttConnectReturnCode.Accepted, Assert.IsType<MqttConnAckPacket>(packet).ReturnCode);
    }
}
