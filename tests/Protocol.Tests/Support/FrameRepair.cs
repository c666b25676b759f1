using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Security;

namespace ShareKey.Protocol.Tests.Support;

/// <summary>
/// Undoes the checks that would stop a mutated frame at the door, so the fuzzer reaches the parsers
/// behind them: a length field that matches the bytes, and a link MAC that verifies.
/// </summary>
public static class FrameRepair
{
    public static byte[] WithMatchingLength(byte[] frame, bool linked)
    {
        var payloadLength = frame.Length - Frame.HeaderLength - (linked ? Frame.LinkMacLength : 0);
        if (payloadLength < 0)
        {
            return frame;
        }

        var repaired = (byte[])frame.Clone();
        var declared = (ushort)Math.Min(payloadLength, ushort.MaxValue);
        repaired[6] = (byte)(declared >> 8);
        repaired[7] = (byte)declared;
        return repaired;
    }

    public static byte[] WithValidLinkMac(byte[] frame, Macs macs, byte[] linkKey)
    {
        if (frame.Length < Frame.LinkMacLength)
        {
            return frame;
        }

        var signedLength = frame.Length - Frame.LinkMacLength;
        var repaired = (byte[])frame.Clone();
        macs.LinkMac(linkKey, repaired, 0, signedLength).CopyTo(repaired, signedLength);
        return repaired;
    }
}
