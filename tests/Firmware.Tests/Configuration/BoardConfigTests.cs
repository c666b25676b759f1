using System.Text;
using ShareKey.Firmware.Configuration;
using ShareKey.Firmware.State;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Security;

namespace ShareKey.Firmware.Tests.Configuration;

/// <summary>The board configuration file (docs/board-config.md): what is accepted, and that every refusal names its key.</summary>
public sealed class BoardConfigTests
{
    private static readonly string[] RequiredKeys =
    [
        "format", "device.id", "device.kind", "device.name", "device.root-key", "mqtt.host", "mqtt.port", "mqtt.tls",
        "mqtt.client-id", "mqtt.username", "mqtt.password", "mqtt.topic-up", "mqtt.topic-down",
    ];

    [Fact]
    public void The_example_in_the_format_document_parses()
    {
        string page = File.ReadAllText(RepoPaths.Of("docs/board-config.md"));
        int start = page.IndexOf("```\n", page.IndexOf("## Example", StringComparison.Ordinal), StringComparison.Ordinal) + 4;
        string example = page[start..page.IndexOf("```", start, StringComparison.Ordinal)];

        BoardConfig config = SampleConfig.Parse(example);

        Assert.Equal(0x5348415245000001UL, config.DeviceId);
        Assert.Equal(DeviceKind.TBox, config.Kind);
        Assert.Equal("SK-car-17", config.AdvertisedName);
        Assert.Equal(Samples.Sequence(0, 32), config.RootKey);
        Assert.Equal("192.168.1.10", config.MqttHost);
        Assert.Equal(1883, config.MqttPort);
        Assert.False(config.MqttTls);
        Assert.Equal("4f1c0a4b0c7bd1e56a2b1f4e8c2d9a33", config.MqttPassword);
        Assert.Equal("sk/5348415245000001/up", config.TopicUp);
        Assert.Equal("sk/5348415245000001/down", config.TopicDown);
        Assert.Equal(string.Empty, config.WifiSsid);
    }

    [Fact]
    public void Optional_keys_take_their_documented_defaults()
    {
        BoardConfig config = SampleConfig.TBox();

        Assert.Equal(-70, config.RssiThreshold);
        LockOutPolicy lockOut = config.LockOut;
        Assert.Equal(5, lockOut.MaxFailures);
        Assert.Equal(60u, lockOut.WindowSeconds);
        Assert.Equal(300u, lockOut.LockSeconds);
    }

    [Fact]
    public void Optional_keys_are_read_when_given()
    {
        string text = SampleConfig.Text(extra: "unlock.rssi-threshold=-127\nlockout.failures=32\nlockout.window-seconds=1\nlockout.seconds=86400")
            .Replace("wifi.ssid=\n", "wifi.ssid=garage net\n", StringComparison.Ordinal)
            .Replace("wifi.password=\n", "wifi.password=12345678\n", StringComparison.Ordinal);

        BoardConfig config = SampleConfig.Parse(text);

        Assert.Equal(-127, config.RssiThreshold);
        Assert.Equal(32, config.LockOutFailures);
        Assert.Equal(1u, config.LockOutWindowSeconds);
        Assert.Equal(86400u, config.LockOutSeconds);
        Assert.Equal("garage net", config.WifiSsid);
        Assert.Equal("12345678", config.WifiPassword);
    }

    public static TheoryData<string> Required => new(RequiredKeys);

    [Theory]
    [MemberData(nameof(Required))]
    public void A_missing_required_key_is_named(string key)
    {
        string text = string.Join('\n', SampleConfig.Text().Split('\n').Where(line => !line.StartsWith(key + "=", StringComparison.Ordinal)));

        BoardConfigException e = Assert.Throws<BoardConfigException>(() => SampleConfig.Parse(text));

        Assert.Equal(key, e.Key);
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("format", "2")]
    [InlineData("device.id", "0000000000000000")]
    [InlineData("device.id", "5348415245")]
    [InlineData("device.id", "534841524500000G")]
    [InlineData("device.id", "534841524500000A")]
    [InlineData("device.kind", "car")]
    [InlineData("device.name", "")]
    [InlineData("device.name", "a-name-longer-than-24-chars")]
    [InlineData("device.root-key", "00")]
    [InlineData("device.root-key", "zz0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")]
    [InlineData("mqtt.host", "")]
    [InlineData("mqtt.host", "broker:1883")]
    [InlineData("mqtt.port", "0")]
    [InlineData("mqtt.port", "65536")]
    [InlineData("mqtt.port", "-1")]
    [InlineData("mqtt.port", "1883x")]
    [InlineData("mqtt.port", "99999999999")]
    [InlineData("mqtt.tls", "yes")]
    [InlineData("mqtt.client-id", "someone-else")]
    [InlineData("mqtt.username", "5348415245000002")]
    [InlineData("mqtt.password", "short")]
    [InlineData("mqtt.topic-up", "sk/5348415245000002/up")]
    [InlineData("mqtt.topic-down", "sk/5348415245000001/up")]
    [InlineData("wifi.ssid", "a-network-name-that-is-33-chars-x")]
    [InlineData("wifi.password", "1234567")]
    [InlineData("unlock.rssi-threshold", "1")]
    [InlineData("unlock.rssi-threshold", "-128")]
    [InlineData("unlock.rssi-threshold", "-")]
    [InlineData("lockout.failures", "0")]
    [InlineData("lockout.failures", "33")]
    [InlineData("lockout.window-seconds", "0")]
    [InlineData("lockout.seconds", "86401")]
    public void A_bad_value_is_named(string key, string value)
    {
        string text = SampleConfig.Text().Split('\n').Any(line => line.StartsWith(key + "=", StringComparison.Ordinal))
            ? string.Join('\n', SampleConfig.Text().Split('\n').Select(line => line.StartsWith(key + "=", StringComparison.Ordinal) ? key + "=" + value : line))
            : SampleConfig.Text(extra: key + "=" + value);

        BoardConfigException e = Assert.Throws<BoardConfigException>(() => SampleConfig.Parse(text));

        Assert.Equal(key, e.Key);
    }

    [Fact]
    public void A_key_given_twice_is_refused_even_with_the_same_value()
    {
        BoardConfigException e = Assert.Throws<BoardConfigException>(() => SampleConfig.TBox("mqtt.port=1883"));

        Assert.Equal("mqtt.port", e.Key);
        Assert.Contains("twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_keys_comments_blank_lines_and_spaces_are_tolerated()
    {
        BoardConfig config = SampleConfig.TBox("telemetry.interval=30\n   \n# a comment = not a key\n  unlock.rssi-threshold =  -60  \nDevice.Name=ignored");

        Assert.Equal(-60, config.RssiThreshold);
        Assert.Equal("car-17", config.Name);
    }

    [Fact]
    public void Crlf_line_ends_read_like_lf()
    {
        BoardConfig config = SampleConfig.Parse(SampleConfig.Text(extra: "unlock.rssi-threshold=-65").Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(-65, config.RssiThreshold);
        Assert.Equal("car-17", config.Name);
        Assert.Equal("sk/5348415245000001/down", config.TopicDown);
    }

    [Fact]
    public void The_file_may_be_2048_bytes_and_no_more()
    {
        string text = SampleConfig.Text();
        string padded = text + "#" + new string('x', 2048 - text.Length - 1);
        Assert.Equal(2048, padded.Length);

        SampleConfig.Parse(padded);
        BoardConfigException e = Assert.Throws<BoardConfigException>(() => SampleConfig.Parse(padded + "x"));

        Assert.Equal("file", e.Key);
    }

    [Fact]
    public void A_line_that_is_not_key_value_names_its_line()
    {
        BoardConfigException e = Assert.Throws<BoardConfigException>(() => SampleConfig.Parse("format=1\njust words\n"));

        Assert.Equal("line 2", e.Key);
    }

    [Fact]
    public void Bytes_outside_printable_ascii_are_refused()
    {
        byte[] bytes = Encoding.ASCII.GetBytes(SampleConfig.Text(extra: "wifi.note=caf?"));
        bytes[Array.LastIndexOf(bytes, (byte)'?')] = 0xE9;

        BoardConfigException e = Assert.Throws<BoardConfigException>(() => BoardConfig.Parse(bytes, bytes.Length));

        Assert.StartsWith("line ", e.Key, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_that_does_not_belong_to_the_root_key_is_refused()
    {
        BoardConfig config = SampleConfig.Parse(SampleConfig.Text().Replace(
            new DeviceSecrets(new Macs(new TestCrypto()), Samples.RootKey).MqttPassword, "4f1c0a4b0c7bd1e56a2b1f4e8c2d9a33", StringComparison.Ordinal));

        BoardConfigException e = Assert.Throws<BoardConfigException>(() => config.CheckPassword(new DeviceSecrets(new Macs(new TestCrypto()), config.RootKey)));

        Assert.Equal("mqtt.password", e.Key);
    }
}
