using ShareKey.Protocol.Buffers;

namespace ShareKey.KeyService.Gateway;

/// <summary>The topic layout of docs/architecture.md §5: sk/{deviceId}/down and sk/{deviceId}/up.</summary>
public static class DeviceTopics
{
    public const string UpFilter = "sk/+/up";

    public static string Down(ulong deviceId) => $"sk/{deviceId:x16}/down";

    public static string Up(ulong deviceId) => $"sk/{deviceId:x16}/up";

    /// <summary>The device id of an up topic, or false for any other topic.</summary>
    public static bool TryParseUp(string topic, out ulong deviceId)
    {
        deviceId = 0;
        return topic.Length == 3 + 16 + 3 && topic.StartsWith("sk/", StringComparison.Ordinal) && topic.EndsWith("/up", StringComparison.Ordinal)
            && Hex.TryParseId(topic.Substring(3, 16), out deviceId) && deviceId != 0;
    }
}
