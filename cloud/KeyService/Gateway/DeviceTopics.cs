using ShareKey.Protocol.Buffers;

namespace ShareKey.KeyService.Gateway;

/// <summary>The topic layout of docs/architecture.md §5: sk/{deviceId}/down and sk/{deviceId}/up.</summary>
public static class DeviceTopics
{
    public const string UpFilter = "sk/+/up";

    /// <summary>A device id as topics, MQTT client ids and board files spell it: 16 lower-case hex digits.</summary>
    public static string IdText(ulong deviceId) => $"{deviceId:x16}";

    public static string Down(ulong deviceId) => $"sk/{IdText(deviceId)}/down";

    public static string Up(ulong deviceId) => $"sk/{IdText(deviceId)}/up";

    /// <summary>The device id of an up topic spelled exactly as <see cref="Up"/> does, or false for any other topic.</summary>
    public static bool TryParseUp(string topic, out ulong deviceId)
    {
        deviceId = 0;
        return topic.Length == 3 + 16 + 3 && topic.StartsWith("sk/", StringComparison.Ordinal) && topic.EndsWith("/up", StringComparison.Ordinal)
            && Hex.TryParseId(topic.Substring(3, 16), out deviceId) && deviceId != 0 && topic == Up(deviceId);
    }
}
