using System;
using System.Threading;

namespace ShareKey.Firmware.Storage
{
    /// <summary>
    /// Host only: two flash slots in memory, each holding exactly what was last written (nothing
    /// before the first write), so a fleet of idle simulated devices costs little. Survives a
    /// simulated reboot when the same instance is handed to the next device. Used by the simulator
    /// and the protocol tour; never compiled for a board (the boards' .nfproj files list their
    /// sources, and the portability gate covers Logic/ only).
    /// </summary>
    public sealed class MemorySlots : IFlashSlots
    {
        private readonly byte[][] _slots = new byte[2][];

        public MemorySlots(int capacity)
        {
            Capacity = capacity;
        }

        public int Capacity { get; }

        public int Read(int slot, byte[] buffer)
        {
            byte[] content = Volatile.Read(ref _slots[slot]);
            if (content == null)
            {
                return 0;
            }

            Array.Copy(content, buffer, content.Length);
            return content.Length;
        }

        public void Write(int slot, byte[] data, int offset, int count)
        {
            byte[] copy = new byte[count];
            Array.Copy(data, offset, copy, 0, count);
            Volatile.Write(ref _slots[slot], copy);
        }
    }
}
