using ShareKey.Firmware.Configuration;

namespace ShareKey.Simulator.Devices;

/// <summary>Reads a board configuration file (docs/board-config.md) with the firmware's own parser.</summary>
public static class BoardConfigFile
{
    /// <summary>The parsed file; a file the firmware would not boot on throws <see cref="InvalidDataException"/> naming the path and the key.</summary>
    public static BoardConfig Read(string path)
    {
        FileInfo file = new(path);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"no board configuration file at {path}", path);
        }

        // Read one byte past the limit, so an oversized file is refused by the parser with its own message.
        byte[] content = new byte[Math.Min(file.Length, BoardConfig.MaxBytes + 1)];
        using (FileStream stream = file.OpenRead())
        {
            stream.ReadExactly(content);
        }

        try
        {
            return BoardConfig.Parse(content, content.Length);
        }
        catch (BoardConfigException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }
}
