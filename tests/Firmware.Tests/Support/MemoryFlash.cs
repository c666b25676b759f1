using ShareKey.Firmware.Storage;

namespace ShareKey.Firmware.Tests.Support;

/// <summary>
/// Two flash slots in memory that can lose power in the middle of a write: arm a cut after N more
/// bytes, and the write that reaches it stores only its first bytes, leaves the rest of the slot as
/// <see cref="TornWrite"/> says, and throws <see cref="PowerCutException"/>. The same instance then
/// stands for the flash after the reboot: open a new store over it.
/// </summary>
public sealed class MemoryFlash : IFlashSlots
{
    private readonly byte[][] _slots;
    private readonly int[] _lengths = new int[2];
    private readonly Random _garbage;
    private int _budget = -1;
    private TornWrite _mode;

    public MemoryFlash(int capacity = 4096, int seed = 1)
    {
        Capacity = capacity;
        _slots = [new byte[capacity], new byte[capacity]];
        _garbage = new Random(seed);
    }

    public int Capacity { get; }

    /// <summary>Writes begun, torn or not.</summary>
    public int Writes { get; private set; }

    /// <summary>Bytes that reached the slots since construction.</summary>
    public long BytesWritten { get; private set; }

    public bool CutArmed => _budget >= 0;

    /// <summary>Power fails once <paramref name="bytes"/> more bytes have been written.</summary>
    public void CutPowerAfter(int bytes, TornWrite mode)
    {
        _budget = bytes;
        _mode = mode;
    }

    public int Read(int slot, byte[] buffer)
    {
        Array.Copy(_slots[slot], buffer, _lengths[slot]);
        return _lengths[slot];
    }

    public void Write(int slot, byte[] data, int offset, int count)
    {
        if (count > Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "larger than a slot");
        }

        Writes++;
        if (_budget < 0 || count <= _budget)
        {
            Array.Copy(data, offset, _slots[slot], 0, count);
            _lengths[slot] = count;
            BytesWritten += count;
            _budget = _budget < 0 ? -1 : _budget - count;
            return;
        }

        int written = _budget;
        _budget = -1;
        Array.Copy(data, offset, _slots[slot], 0, written);
        BytesWritten += written;
        switch (_mode)
        {
            case TornWrite.StaleBytes:
                _lengths[slot] = Math.Max(_lengths[slot], written);
                break;
            case TornWrite.Garbage:
                for (int i = written; i < count; i++)
                {
                    _slots[slot][i] = (byte)_garbage.Next(256);
                }

                _lengths[slot] = count;
                break;
            default:
                _lengths[slot] = written;
                break;
        }

        throw new PowerCutException(slot, written, count);
    }

    /// <summary>The raw bytes of a slot, for tests that damage or inspect them.</summary>
    public byte[] Slot(int slot) => _slots[slot][.._lengths[slot]];

    /// <summary>Overwrites a slot directly, bypassing the store (bit rot, a foreign file).</summary>
    public void Replace(int slot, byte[] content)
    {
        Array.Copy(content, _slots[slot], content.Length);
        _lengths[slot] = content.Length;
    }
}
