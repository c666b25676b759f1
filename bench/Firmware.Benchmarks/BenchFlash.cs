using ShareKey.Firmware.Storage;

namespace ShareKey.Firmware.Benchmarks;

/// <summary>
/// Two flash slots in memory, written in place (writing flash allocates nothing on the board, so
/// it allocates nothing here), counting writes and bytes so a run can say what an unlock costs
/// the flash.
/// </summary>
public sealed class BenchFlash(int capacity) : IFlashSlots
{
    private readonly byte[][] _slots = [new byte[capacity], new byte[capacity]];
    private readonly int[] _lengths = new int[2];

    public int Capacity { get; } = capacity;

    public long Writes { get; private set; }

    public long BytesWritten { get; private set; }

    public int Read(int slot, byte[] buffer)
    {
        Array.Copy(_slots[slot], buffer, _lengths[slot]);
        return _lengths[slot];
    }

    public void Write(int slot, byte[] data, int offset, int count)
    {
        Array.Copy(data, offset, _slots[slot], 0, count);
        _lengths[slot] = count;
        Writes++;
        BytesWritten += count;
    }
}
