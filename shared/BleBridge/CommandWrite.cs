namespace ShareKey.BleBridge;

/// <summary>
/// The body of a <see cref="RecordType.WriteCommand"/>: the phone link's RSSI samples since the
/// last write (what the board's BLE stack would have reported) and the Command frame.
/// </summary>
public sealed class CommandWrite(int[] rssiSamples, byte[] frame)
{
    public int[] RssiSamples { get; } = rssiSamples;

    public byte[] Frame { get; } = frame;

    public byte[] ToBody()
    {
        if (RssiSamples.Length > RecordStream.MaxSamples || Frame.Length == 0 || Frame.Length > RecordStream.MaxFrameLength)
        {
            throw new ArgumentException($"a write carries 0–{RecordStream.MaxSamples} samples and a 1–{RecordStream.MaxFrameLength} byte frame");
        }

        byte[] body = new byte[1 + RssiSamples.Length + Frame.Length];
        body[0] = (byte)RssiSamples.Length;
        for (int i = 0; i < RssiSamples.Length; i++)
        {
            body[1 + i] = (byte)(sbyte)Math.Clamp(RssiSamples[i], sbyte.MinValue, sbyte.MaxValue);
        }

        Frame.CopyTo(body, 1 + RssiSamples.Length);
        return body;
    }

    public static CommandWrite Parse(byte[] body)
    {
        if (body.Length < 1)
        {
            throw new BridgeException(BridgeErrorCode.Malformed, "write without a sample count");
        }

        int count = body[0];
        if (count > RecordStream.MaxSamples)
        {
            throw new BridgeException(BridgeErrorCode.Malformed, $"write with {count} samples; at most {RecordStream.MaxSamples}");
        }

        int frameLength = body.Length - 1 - count;
        if (frameLength < 1 || frameLength > RecordStream.MaxFrameLength)
        {
            throw new BridgeException(BridgeErrorCode.Malformed, $"write frame of {frameLength} bytes; 1 to {RecordStream.MaxFrameLength}");
        }

        int[] samples = new int[count];
        for (int i = 0; i < count; i++)
        {
            samples[i] = (sbyte)body[1 + i];
        }

        return new CommandWrite(samples, body[(1 + count)..]);
    }
}
