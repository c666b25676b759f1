using ShareKey.Firmware.Storage;
using ShareKey.Firmware.Tests.Support;

namespace ShareKey.Firmware.Tests.ParkingLock.Support;

/// <summary>
/// One power supply behind all of a board's flash records: counts every write across them, and can
/// cut the power part way into write number N, whichever record it goes to (the torn write and
/// the exception are <see cref="MemoryFlash"/>'s).
/// </summary>
public sealed class PowerSupply
{
    private int _planned = -1;
    private int _cutAt = -1;
    private int _cutAfterBytes;
    private TornWrite _mode;

    /// <summary>Writes since <see cref="Arm"/>.</summary>
    public int Writes { get; private set; }

    /// <summary>Plans the cut: part way into write number <paramref name="writeIndex"/> counted from <see cref="Arm"/>.</summary>
    public void CutDuringWrite(int writeIndex, int afterBytes, TornWrite mode)
    {
        _planned = writeIndex;
        _cutAfterBytes = afterBytes;
        _mode = mode;
    }

    /// <summary>Starts counting writes from here (setting up a board is not part of what is cut).</summary>
    public void Arm()
    {
        Writes = 0;
        _cutAt = _planned;
    }

    public IFlashSlots Feed(MemoryFlash flash) => new Fed(this, flash);

    private void BeforeWrite(MemoryFlash flash)
    {
        if (Writes++ == _cutAt)
        {
            _cutAt = -1;
            flash.CutPowerAfter(_cutAfterBytes, _mode);
        }
    }

    private sealed class Fed(PowerSupply supply, MemoryFlash flash) : IFlashSlots
    {
        public int Capacity => flash.Capacity;

        public int Read(int slot, byte[] buffer) => flash.Read(slot, buffer);

        public void Write(int slot, byte[] data, int offset, int count)
        {
            supply.BeforeWrite(flash);
            flash.Write(slot, data, offset, count);
        }
    }
}
