using System.Buffers;

namespace ShareKey.Mqtt.Tests.Codec;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, the shape a pipe hands over after many small reads.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> OneBytePerSegment(byte[] bytes) => Split(bytes, 1);

    public static ReadOnlySequence<byte> Split(byte[] bytes, int segmentLength)
    {
        if (bytes.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }
        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < bytes.Length; offset += segmentLength)
        {
            var memory = bytes.AsMemory(offset, Math.Min(segmentLength, bytes.Length - offset));
            var segment = new Segment(memory, last is null ? 0 : last.RunningIndex + last.Memory.Length);
            if (last is null)
            {
                first = segment;
            }
            else
            {
                last.SetNext(segment);
            }
            last = segment;
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void SetNext(Segment next) => Next = next;
    }
}
