namespace ShareKey.Protocol.Tests.Support;

/// <summary>Exhaustive single-byte tampering: every position of a range, each under every mask.</summary>
public static class ByteTamper
{
    /// <summary>Each bit on its own, and all eight at once.</summary>
    public static readonly byte[] Masks = [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xFF];

    /// <summary>Copies of <paramref name="original"/>, one per position in [start, end) and mask, each with that one byte XORed.</summary>
    public static IEnumerable<(int Position, byte Mask, byte[] Bytes)> Each(byte[] original, int start, int end)
    {
        for (var position = start; position < end; position++)
        {
            foreach (var mask in Masks)
            {
                var tampered = (byte[])original.Clone();
                tampered[position] ^= mask;
                yield return (position, mask, tampered);
            }
        }
    }

    public static IEnumerable<(int Position, byte Mask, byte[] Bytes)> Each(byte[] original) => Each(original, 0, original.Length);
}
