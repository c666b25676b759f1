namespace ShareKey.Mqtt.Tests.Codec;

/// <summary>Lets byte layouts in tests be written the way the spec prints them: "10 0F 00 04 …".</summary>
internal static class Hex
{
    public static byte[] Bytes(string spaced) => Convert.FromHexString(spaced.Replace(" ", "", StringComparison.Ordinal));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
