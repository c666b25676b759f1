using ShareKey.Firmware.Storage;

namespace ShareKey.Simulator.Flash;

/// <summary>
/// Two slots in memory, each holding exactly what was last written (nothing before the first
/// write), so a fleet of idle devices costs little. Survives a simulated reboot when the same
/// instance is handed to the next <see cref="Devices.SimulatedTBox"/>.
/// </summary>
public sealed class MemorySlots(int capacity) : IFlashSlots
{
    private readonly byte[]?[] _slots = new byte[]?[2];

    public int Capacity { get; } = capacity;

    public int Read(int slot, byte[] buffer)
    {
        byte[]? content = Volatile.Read(ref _slots[slot]);
        if (content is null)
        {
            return 0;
        }

        content.CopyTo(buffer, 0);
        return content.Length;
    }

    public void Write(int slot, byte[] data, int offset, int count) => Volatile.Write(ref _slots[slot], data.AsSpan(offset, count).ToArray());
}
