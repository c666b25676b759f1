using ShareKey.Firmware.Configuration;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Security;

namespace ShareKey.Firmware.Tests.Support;

/// <summary>A board configuration file for the sample device, as <c>sharekey device provision</c> would write it.</summary>
public static class SampleConfig
{
    public static string Text(string kind = "tbox", ulong deviceId = Samples.DeviceId, string extra = "")
    {
        string id = Hex.OfId(deviceId);
        string password = new DeviceSecrets(new Macs(new TestCrypto()), Samples.RootKey).MqttPassword;
        return $"""
            # ShareKey board configuration (format 1)
            format=1
            device.id={id}
            device.kind={kind}
            device.name=car-17
            device.root-key={Hex.Of(Samples.RootKey)}
            mqtt.host=127.0.0.1
            mqtt.port=1883
            mqtt.tls=false
            mqtt.client-id={id}
            mqtt.username={id}
            mqtt.password={password}
            mqtt.topic-up=sk/{id}/up
            mqtt.topic-down=sk/{id}/down
            wifi.ssid=
            wifi.password=
            {extra}
            """.Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    public static BoardConfig Parse(string text)
    {
        byte[] bytes = System.Text.Encoding.ASCII.GetBytes(text);
        return BoardConfig.Parse(bytes, bytes.Length);
    }

    public static BoardConfig TBox(string extra = "") => Parse(Text(extra: extra));
}
