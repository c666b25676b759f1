using FsCheck;
using FsCheck.Fluent;

namespace ShareKey.Protocol.Tests.Support;

/// <summary>
/// FsCheck generators for the protocol's field types. Integers lean towards their edges (0, 1, the
/// maximum) because that is where off-by-one and overflow bugs in a binary codec live.
/// </summary>
public static class ValueGens
{
    /// <summary>The VIN alphabet of ISO 3779: digits and capitals without I, O and Q.</summary>
    public const string VinAlphabet = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";

    public static readonly Gen<bool> AnyBool = Gen.Elements(false, true);

    public static readonly Gen<byte> AnyByte = Gen.Choose(0, 255).Select(i => (byte)i);

    public static readonly Gen<ushort> AnyUInt16 = Gen.Frequency(
        (1, Gen.Elements<ushort>(0, 1, ushort.MaxValue)),
        (4, Gen.Choose(0, ushort.MaxValue).Select(i => (ushort)i)));

    public static readonly Gen<uint> AnyUInt32 = Gen.Frequency(
        (1, Gen.Elements<uint>(0, 1, 0x8000_0000, uint.MaxValue - 1, uint.MaxValue)),
        (4, Gen.Zip(UInt16Uniform(), UInt16Uniform(), (high, low) => ((uint)high << 16) | low)));

    public static readonly Gen<uint> NonZeroUInt32 = AnyUInt32.Where(v => v != 0);

    public static readonly Gen<ulong> AnyUInt64 = Gen.Frequency(
        (1, Gen.Elements<ulong>(0, 1, 0x8000_0000_0000_0000, ulong.MaxValue)),
        (4, Gen.Zip(AnyUInt32, AnyUInt32, (high, low) => ((ulong)high << 32) | low)));

    public static readonly Gen<ulong> NonZeroUInt64 = AnyUInt64.Where(v => v != 0);

    public static readonly Gen<short> AnyInt16 = AnyUInt16.Select(v => (short)v);

    /// <summary>Well-formed by <c>Vin.IsWellFormed</c>: the decoder checks the alphabet, not the check digit.</summary>
    public static readonly Gen<string> Vin =
        Gen.ArrayOf(Gen.Elements(VinAlphabet.ToCharArray()), 17).Select(chars => new string(chars));

    /// <summary>6 to 15 decimal digits (E.212 as the protocol accepts it).</summary>
    public static readonly Gen<string> Imsi =
        from length in Gen.Choose(6, 15)
        from digits in Gen.ArrayOf(Gen.Elements("0123456789".ToCharArray()), length)
        select new string(digits);

    public static Gen<byte[]> Bytes(int length) => Gen.ArrayOf(AnyByte, length);

    /// <summary>Arrays of <paramref name="min"/> to <paramref name="max"/> items, each length equally likely so the limits themselves come up often.</summary>
    public static Gen<T[]> ArrayUpTo<T>(Gen<T> item, int min, int max) =>
        Gen.Choose(min, max).SelectMany(count => Gen.ArrayOf(item, count));

    /// <summary>Enum values from a contiguous range of their byte encoding.</summary>
    public static Gen<T> EnumIn<T>(int min, int max) where T : struct, Enum =>
        Gen.Choose(min, max).Select(i => (T)Enum.ToObject(typeof(T), (byte)i));

    private static Gen<ushort> UInt16Uniform() => Gen.Choose(0, ushort.MaxValue).Select(i => (ushort)i);
}
