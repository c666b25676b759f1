using FsCheck;
using FsCheck.Fluent;

namespace ShareKey.Protocol.Tests.Support;

public enum ByteMutationKind
{
    FlipBits,
    SetByte,
    Insert,
    Delete,
    Truncate,
    Extend,
}

/// <summary>
/// One edit of a byte string, as a fuzzer makes it. <see cref="Position"/> is taken modulo the
/// current length when applied, so a list of edits stays meaningful as earlier ones change the length.
/// </summary>
public sealed record ByteMutation(ByteMutationKind Kind, int Position, byte Value, byte[] Bytes)
{
    /// <summary>Values that sit on boundaries of the protocol's fields: zero, one, sign bits, all ones.</summary>
    private static readonly Gen<byte> Interesting = Gen.Frequency(
        (1, Gen.Elements<byte>(0x00, 0x01, 0x02, 0x10, 0x11, 0x20, 0x7F, 0x80, 0xFE, 0xFF)),
        (2, ValueGens.AnyByte));

    public static readonly Gen<ByteMutation> Any =
        from kind in Gen.Elements(Enum.GetValues<ByteMutationKind>())
        from position in Gen.Choose(0, 4096)
        from value in Interesting
        from bytes in ValueGens.ArrayUpTo(Interesting, 1, kind == ByteMutationKind.Extend ? 24 : 4)
        select new ByteMutation(kind, position, value, bytes);

    /// <summary>One to four edits in a row.</summary>
    public static readonly Gen<ByteMutation[]> Several = ValueGens.ArrayUpTo(Any, 1, 4);

    public byte[] ApplyTo(byte[] input)
    {
        var bytes = new List<byte>(input);
        var at = bytes.Count == 0 ? 0 : Position % bytes.Count;
        switch (Kind)
        {
            case ByteMutationKind.FlipBits when bytes.Count > 0:
                bytes[at] ^= Value == 0 ? (byte)1 : Value;
                break;
            case ByteMutationKind.SetByte when bytes.Count > 0:
                bytes[at] = Value;
                break;
            case ByteMutationKind.Insert:
                bytes.InsertRange(at, Bytes);
                break;
            case ByteMutationKind.Delete when bytes.Count > 0:
                bytes.RemoveRange(at, Math.Min(Bytes.Length, bytes.Count - at));
                break;
            case ByteMutationKind.Truncate:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case ByteMutationKind.Extend:
                bytes.AddRange(Bytes);
                break;
        }

        return bytes.ToArray();
    }

    public static byte[] ApplyAll(byte[] input, IEnumerable<ByteMutation> mutations) =>
        mutations.Aggregate(input, (bytes, mutation) => mutation.ApplyTo(bytes));

    public override string ToString() => Kind + "@" + Position + " value=" + Value.ToString("X2") + " bytes=" + Convert.ToHexString(Bytes);
}
