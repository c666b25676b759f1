using System;

namespace ShareKey.Firmware.Configuration
{
    /// <summary>
    /// The board's configuration file cannot be used: the board must not boot on it (docs/board-config.md).
    /// The message names the key (or the line) and what it should hold, so whoever provisions the
    /// board knows what to fix. Never worth retrying with the same file.
    /// </summary>
    public sealed class BoardConfigException : Exception
    {
        public BoardConfigException(string key, string message)
            : base(key + ": " + message)
        {
            Key = key;
        }

        /// <summary>The key at fault, or "line N" for a line that is not key=value, or "file".</summary>
        public string Key { get; }
    }
}
