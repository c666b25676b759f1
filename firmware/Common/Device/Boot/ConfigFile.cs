using System.IO;
using ShareKey.Firmware.Configuration;

namespace ShareKey.Firmware.Device.Boot
{
    /// <summary>
    /// Reads the board configuration file that <c>sharekey device provision</c> wrote and nanoff
    /// deployed (docs/board-config.md) and parses it with the portable <see cref="BoardConfig"/>.
    /// </summary>
    public static class ConfigFile
    {
        /// <summary>
        /// The parsed file. Throws <see cref="BoardConfigException"/> for a missing or unusable file
        /// (the message names what to fix); the board must not run without it.
        /// </summary>
        public static BoardConfig Load(string path)
        {
            if (!File.Exists(path))
            {
                throw new BoardConfigException("file", path + " is missing (deploy it with nanoff --filedeployment)");
            }

            // One byte more than the parser accepts, so an oversized file is refused rather than cut short.
            byte[] content = new byte[BoardConfig.MaxBytes + 1];
            int count = 0;
            using (FileStream file = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                while (count < content.Length)
                {
                    int read = file.Read(content, count, content.Length - count);
                    if (read <= 0)
                    {
                        break;
                    }

                    count += read;
                }
            }

            return BoardConfig.Parse(content, count);
        }
    }
}
