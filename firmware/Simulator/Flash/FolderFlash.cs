using ShareKey.Firmware.Storage;

namespace ShareKey.Simulator.Flash;

/// <summary>
/// One record's two slots as two files in a board's flash folder (<c>state.0</c>, <c>state.1</c>),
/// as the board keeps them on its internal drive. A write replaces the file; like the board's, it
/// is not atomic — <see cref="DurableRecord"/> is what makes the record power-safe.
/// </summary>
public sealed class FolderFlash(string folder, string name, int capacity) : IFlashSlots
{
    public int Capacity { get; } = capacity;

    public int Read(int slot, byte[] buffer)
    {
        string path = PathOf(slot);
        if (!File.Exists(path))
        {
            return 0;
        }

        using FileStream file = File.OpenRead(path);
        int length = (int)Math.Min(file.Length, Capacity);
        file.ReadExactly(buffer, 0, length);
        return length;
    }

    public void Write(int slot, byte[] data, int offset, int count)
    {
        using FileStream file = new(PathOf(slot), FileMode.Create, FileAccess.Write);
        file.Write(data, offset, count);
        file.Flush(flushToDisk: true);
    }

    private string PathOf(int slot) => Path.Combine(folder, $"{name}.{slot}");
}
