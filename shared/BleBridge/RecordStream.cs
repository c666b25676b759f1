using System.Buffers.Binary;

namespace ShareKey.BleBridge;

/// <summary>
/// Reads and writes records — type (1) ‖ body length (2, big-endian) ‖ body — on a stream, with
/// every length bounded before anything is allocated: the device side reads from whoever
/// connects, so a hostile peer can make it buffer at most <see cref="MaxBodyLength"/> bytes and
/// gets only <see cref="BridgeException"/> for anything malformed.
/// </summary>
public sealed class RecordStream(Stream stream)
{
    /// <summary>A BLE attribute value is at most 512 bytes (docs/protocol.md §2, F6).</summary>
    public const int MaxFrameLength = 512;

    /// <summary>RSSI samples a write may carry (the firmware's proximity window is at most 15).</summary>
    public const int MaxSamples = 15;

    /// <summary>The largest body of any record: a write with every sample and the largest frame.</summary>
    public const int MaxBodyLength = 1 + MaxSamples + MaxFrameLength;

    private const int HeaderLength = 3;

    private readonly byte[] _header = new byte[HeaderLength];
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>The next record, or null when the peer closed the stream cleanly between records.</summary>
    public async Task<BridgeRecord?> ReadAsync(CancellationToken cancellationToken)
    {
        int got = await ReadUpToAsync(_header, cancellationToken).ConfigureAwait(false);
        if (got == 0)
        {
            return null;
        }

        if (got < HeaderLength)
        {
            throw new BridgeException(BridgeErrorCode.Malformed, "record header cut short");
        }

        RecordType type = (RecordType)_header[0];
        if (!Enum.IsDefined(type))
        {
            throw new BridgeException(BridgeErrorCode.Malformed, $"unknown record type 0x{_header[0]:x2}");
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_header.AsSpan(1));
        if (length > MaxBodyLength)
        {
            throw new BridgeException(BridgeErrorCode.Malformed, $"record body of {length} bytes exceeds {MaxBodyLength}");
        }

        byte[] body = new byte[length];
        if (await ReadUpToAsync(body, cancellationToken).ConfigureAwait(false) < length)
        {
            throw new BridgeException(BridgeErrorCode.Malformed, "record body cut short");
        }

        return new BridgeRecord(type, body);
    }

    public async Task WriteAsync(RecordType type, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (body.Length > MaxBodyLength)
        {
            throw new ArgumentException($"a record body is at most {MaxBodyLength} bytes", nameof(body));
        }

        byte[] record = new byte[HeaderLength + body.Length];
        record[0] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(1), (ushort)body.Length);
        body.CopyTo(record.AsMemory(HeaderLength));
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(record, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<int> ReadUpToAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
