using System;

namespace ShareKey.Firmware.Storage
{
    /// <summary>A caller asked the store for something it cannot hold (a record larger than a slot). A bug, not a flash fault.</summary>
    public sealed class StorageException : Exception
    {
        public StorageException(string message)
            : base(message)
        {
        }
    }
}
