using System.Net.Security;
using System.Net.Sockets;

namespace ShareKey.Mqtt.Client;

/// <summary>Opens the byte stream a connection runs on: TCP, and TLS over it when configured.</summary>
internal static class MqttTransport
{
    public static async Task<Stream> ConnectAsync(MqttClientOptions options, CancellationToken cancellationToken)
    {
        if (options.OpenStream is { } open)
        {
            return await open(cancellationToken);
        }

        // Nagle would hold small packets (acks, PINGREQ) back; the writer batches on its own.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, cancellationToken);
            var network = new NetworkStream(socket, ownsSocket: true);
            if (options.Tls is not { } tls)
            {
                return network;
            }

            var ssl = new SslStream(network, leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = tls.TargetHost ?? options.Host,
                    RemoteCertificateValidationCallback = tls.ServerCertificateValidation,
                    ClientCertificates = tls.ClientCertificates,
                    EnabledSslProtocols = tls.Protocols,
                },
                cancellationToken);
            return ssl;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
