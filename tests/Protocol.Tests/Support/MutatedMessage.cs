using FsCheck;
using FsCheck.Fluent;
using ShareKey.Protocol.Messages;

namespace ShareKey.Protocol.Tests.Support;

/// <summary>
/// A valid message and what a fuzzer does to its frame: a few byte edits, perhaps a repaired length
/// field (to get past the frame checks into the payload parser) or link MAC, and some unrelated bytes
/// around the frame so the decoder must respect its offset and count.
/// </summary>
public sealed record MutatedMessage(
    Message Message,
    ByteMutation[] Mutations,
    bool RepairLength,
    bool RepairLinkMac,
    byte[] Before,
    byte[] After)
{
    public int PaddingBefore => Before.Length;

    public static Gen<MutatedMessage> Of(Gen<Message> messages) =>
        from message in messages
        from mutations in ByteMutation.Several
        from repairLength in ValueGens.AnyBool
        from repairMac in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
        from before in ValueGens.ArrayUpTo(ValueGens.AnyByte, 0, 8)
        from after in ValueGens.ArrayUpTo(ValueGens.AnyByte, 0, 8)
        select new MutatedMessage(message, mutations, repairLength, repairMac, before, after);

    public byte[] Apply(byte[] frame, bool linked)
    {
        var mutated = ByteMutation.ApplyAll(frame, Mutations);
        return RepairLength ? FrameRepair.WithMatchingLength(mutated, linked) : mutated;
    }

    /// <summary>The frame with the padding either side; decode it at <see cref="PaddingBefore"/>.</summary>
    public byte[] Embed(byte[] frame) => Before.Concat(frame).Concat(After).ToArray();

    public override string ToString() =>
        Message + " edits=[" + string.Join("; ", Mutations.Select(m => m.ToString())) + "] repairLength=" + RepairLength
        + " repairMac=" + RepairLinkMac + " padding=" + Before.Length + "/" + After.Length;
}
