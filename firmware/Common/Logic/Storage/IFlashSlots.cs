namespace ShareKey.Firmware.Storage
{
    /// <summary>
    /// Two raw slots of bytes that survive a reboot: on the board, two files on the internal drive
    /// (one per slot). A write replaces a slot's whole content but is not atomic — power can fail
    /// part-way, leaving the slot with the first bytes of the new content and stale bytes, garbage
    /// or nothing after them. <see cref="DurableRecord"/> turns the pair into one power-safe record.
    /// </summary>
    public interface IFlashSlots
    {
        /// <summary>The most bytes one slot holds.</summary>
        int Capacity { get; }

        /// <summary>
        /// Copies a slot's content into <paramref name="buffer"/> (at least <see cref="Capacity"/>
        /// bytes) and returns how many bytes it holds; 0 for a slot never written.
        /// </summary>
        int Read(int slot, byte[] buffer);

        /// <summary>Replaces slot <paramref name="slot"/> (0 or 1) with data[offset, offset+count).</summary>
        void Write(int slot, byte[] data, int offset, int count);
    }
}
