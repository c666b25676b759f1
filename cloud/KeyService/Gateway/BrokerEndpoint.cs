namespace ShareKey.KeyService.Gateway;

/// <summary>Where devices reach the broker: written into every board configuration file. <paramref name="CaCertificate"/>:
/// the CA (base64 DER) boards must verify the broker against, or null to use their built-in roots.</summary>
public sealed record BrokerEndpoint(string Host, int Port, bool Tls, string? CaCertificate = null);
