namespace ShareKey.Firmware.Tests.Support;

/// <summary>Fixed identities and keys; the numbers follow the protocol's published test vectors where they overlap.</summary>
public static class Samples
{
    public const ulong DeviceId = 0x5348415245000001;
    public const ulong OtherDeviceId = 0x5348415245000002;
    public const ulong KeyId = 0x4B45590000000001;
    public const ulong HolderId = 0x5553455200000001;
    public const uint Now = 1_800_000_000;

    public static readonly byte[] RootKey = Sequence(0x00, 32);

    /// <summary>The cloud's key for <paramref name="epoch"/>: distinct per epoch, never all zeros.</summary>
    public static byte[] EpochKey(uint epoch) => Sequence((int)(0x40 + (epoch * 7)), 32);

    public static byte[] Sequence(int start, int count) =>
        Enumerable.Range(0, count).Select(i => (byte)(start + i)).ToArray();
}
