using System.Text;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Gateway;
using ShareKey.Protocol.Security;

namespace ShareKey.KeyService.Provisioning;

/// <summary>Writes the file a board reads at boot (docs/board-config.md, format 1).</summary>
public static class BoardConfigFile
{
    public static string Write(Device device, byte[] rootKey, DeviceSecrets secrets, BrokerEndpoint broker)
    {
        var id = $"{device.Id:x16}";
        var text = new StringBuilder();
        text.Append("# ShareKey board configuration (format 1), written by `sharekey device provision`.\n");
        text.Append("# Holds the device root key: copy it to the board and nowhere else.\n");
        Line(text, "format", "1");
        Line(text, "device.id", id);
        Line(text, "device.kind", KindName(device.Kind));
        Line(text, "device.name", device.Name);
        Line(text, "device.root-key", Convert.ToHexStringLower(rootKey));
        Line(text, "mqtt.host", broker.Host);
        Line(text, "mqtt.port", broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Line(text, "mqtt.tls", broker.Tls ? "true" : "false");
        if (broker.CaCertificate is { } authority)
        {
            Line(text, "mqtt.ca-cert", authority);
        }
        Line(text, "mqtt.client-id", id);
        Line(text, "mqtt.username", id);
        Line(text, "mqtt.password", secrets.MqttPassword);
        Line(text, "mqtt.topic-up", DeviceTopics.Up(device.Id));
        Line(text, "mqtt.topic-down", DeviceTopics.Down(device.Id));
        Line(text, "wifi.ssid", string.Empty);
        Line(text, "wifi.password", string.Empty);
        return text.ToString();
    }

    public static string KindName(DeviceKind kind) => kind == DeviceKind.TBox ? "tbox" : "parking-lock";

    public static bool TryParseKind(string text, out DeviceKind kind)
    {
        kind = text switch { "tbox" => DeviceKind.TBox, "parking-lock" => DeviceKind.ParkingLock, _ => 0 };
        return kind != 0;
    }

    private static void Line(StringBuilder text, string key, string value) => text.Append(key).Append('=').Append(value).Append('\n');
}
