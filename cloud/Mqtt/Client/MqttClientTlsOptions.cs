using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace ShareKey.Mqtt.Client;

/// <summary>TLS settings; their presence in <see cref="MqttClientOptions.Tls"/> turns TLS on.</summary>
public sealed class MqttClientTlsOptions
{
    /// <summary>The name the server certificate must carry; defaults to <see cref="MqttClientOptions.Host"/>.</summary>
    public string? TargetHost { get; init; }

    /// <summary>Replaces the platform's certificate check, e.g. to pin a self-signed broker certificate.
    /// Null means the operating system's trust store decides.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }

    public X509CertificateCollection? ClientCertificates { get; init; }

    /// <summary>None lets the operating system pick the best protocol it allows.</summary>
    public SslProtocols Protocols { get; init; } = SslProtocols.None;
}
