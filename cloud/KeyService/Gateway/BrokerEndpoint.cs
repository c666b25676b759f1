namespace ShareKey.KeyService.Gateway;

/// <summary>Where devices reach the broker: written into every board configuration file.</summary>
public sealed record BrokerEndpoint(string Host, int Port, bool Tls);
