using System.IO;
using ShareKey.Firmware.Storage;

namespace ShareKey.Firmware.Device.Storage
{
    /// <summary>
    /// <see cref="IFlashSlots"/> as two files on the internal drive, one per slot, so writing one
    /// slot can never touch the other: that is all <see cref="DurableRecord"/> needs to survive a
    /// power cut at any byte. A write replaces the whole file (FileMode.Create) and closes it before
    /// returning. On the ESP32 images the drive is LittleFS, which commits a file's new content when
    /// it is closed, so a cut before that usually leaves the slot's previous content; a cut while
    /// committing, or another file system, can leave a torn slot — which the record's CRC rejects.
    /// No temporary file and no rename: a rename over an existing file is one more step that a cut
    /// could interrupt, and the two-slot scheme already covers what it would.
    /// </summary>
    public sealed class FileFlashSlots : IFlashSlots
    {
        private readonly string[] _paths;
        private readonly int _capacity;

        /// <param name="basePath">e.g. <c>I:\state</c>: the slots are <c>I:\state.0</c> and <c>I:\state.1</c>.</param>
        /// <param name="capacity">The largest content a slot holds (the record's size plus its overhead).</param>
        public FileFlashSlots(string basePath, int capacity)
        {
            _paths = new string[] { basePath + ".0", basePath + ".1" };
            _capacity = capacity;
        }

        public int Capacity
        {
            get { return _capacity; }
        }

        public int Read(int slot, byte[] buffer)
        {
            string path = _paths[slot];
            if (!File.Exists(path))
            {
                return 0;
            }

            using (FileStream file = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                // A slot longer than the capacity was not written by this firmware's sizes; its first
                // bytes are read and DurableRecord judges them like any other content.
                int total = 0;
                while (total < _capacity)
                {
                    int read = file.Read(buffer, total, _capacity - total);
                    if (read <= 0)
                    {
                        break;
                    }

                    total += read;
                }

                return total;
            }
        }

        public void Write(int slot, byte[] data, int offset, int count)
        {
            if (count > _capacity)
            {
                throw new StorageException("a slot of " + _capacity.ToString() + " bytes cannot take " + count.ToString());
            }

            using (FileStream file = new FileStream(_paths[slot], FileMode.Create, FileAccess.Write))
            {
                file.Write(data, offset, count);
                file.Flush();
            }
        }
    }
}
