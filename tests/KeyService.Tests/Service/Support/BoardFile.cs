namespace ShareKey.KeyService.Tests.Service.Support;

/// <summary>The parts of a board configuration file (docs/board-config.md) a scripted device needs.</summary>
public sealed record BoardFile(ulong DeviceId, byte[] RootKey, string Host, int Port, string Username, string Password, IReadOnlyDictionary<string, string> Values)
{
    public static BoardFile Parse(string text)
    {
        var values = text.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);
        return new BoardFile(
            Convert.ToUInt64(values["device.id"], 16),
            Convert.FromHexString(values["device.root-key"]),
            values["mqtt.host"],
            int.Parse(values["mqtt.port"], System.Globalization.CultureInfo.InvariantCulture),
            values["mqtt.username"],
            values["mqtt.password"],
            values);
    }

    public string Id => $"{DeviceId:x16}";
}
