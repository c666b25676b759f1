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

    /// <summary>
    /// TLS that accepts a server certificate only if it chains to <paramref name="authority"/> (and nothing else:
    /// the system's roots are not asked) and names the host connected to — how a board trusts the CA of its board file.
    /// </summary>
    public static MqttClientTlsOptions TrustingOnly(X509Certificate2 authority, string? targetHost = null) => new()
    {
        TargetHost = targetHost,
        ServerCertificateValidation = (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return false;
            }
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var presented = new X509Certificate2(certificate);
            return chain.Build(presented);
        },
    };
}
