namespace ShareKey.Simulator.Mqtt;

/// <summary>Where to reach the broker instead of the configuration file's <c>mqtt.host</c>/<c>mqtt.port</c>.</summary>
public sealed record BrokerAddress(string Host, int Port)
{
    /// <summary>"host:port" (or "host" for 1883).</summary>
    public static BrokerAddress Parse(string text)
    {
        int colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            return new BrokerAddress(text, 1883);
        }

        if (!int.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port)
            || port is < 1 or > 65535 || colon == 0)
        {
            throw new FormatException($"'{text}' is not host:port");
        }

        return new BrokerAddress(text[..colon], port);
    }

    public override string ToString() => $"{Host}:{Port}";
}
