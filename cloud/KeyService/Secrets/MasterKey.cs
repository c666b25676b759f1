using System.Security.Cryptography;

namespace ShareKey.KeyService.Secrets;

/// <summary>
/// The 32-byte key every stored secret is sealed under. Created on first start in a file only the
/// service's user can read, or supplied (hex) through configuration — e.g. from a secret manager —
/// when several instances must share it.
/// </summary>
public static class MasterKey
{
    public const int Length = 32;

    /// <summary>Reads the key file, creating it (owner read/write only) when absent. Returns the key and whether it was created.</summary>
    public static (byte[] Key, bool Created) LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return (Read(path), false);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var key = RandomNumberGenerator.GetBytes(Length);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        // Written whole under a name of its own, then moved into place unless another start (a second
        // instance on this data folder) got there first: no start reads a part-written key or
        // replaces one already in use.
        var written = $"{path}.{Guid.NewGuid():N}.new";
        try
        {
            using (var file = new FileStream(written, options))
            {
                file.Write(key);
                file.Flush(flushToDisk: true);
            }

            File.Move(written, path, overwrite: false);
            return (key, true);
        }
        catch (IOException) when (File.Exists(path))
        {
            return (Read(path), false);
        }
        finally
        {
            File.Delete(written);
        }
    }

    /// <summary>Parses a key given as 64 hex digits.</summary>
    public static byte[] Parse(string hex)
    {
        byte[] key;
        try
        {
            key = Convert.FromHexString(hex.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("The configured master key is not hex; give 64 hex digits.");
        }

        return key.Length == Length ? key : throw new InvalidOperationException($"The configured master key has {key.Length} bytes; it must have {Length}.");
    }

    private static byte[] Read(string path)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new InvalidOperationException($"{path} is readable by other users; run `chmod 600 {path}` (it unlocks every device key).");
        }

        var key = File.ReadAllBytes(path);
        return key.Length == Length ? key : throw new InvalidOperationException($"{path} holds {key.Length} bytes, not a {Length}-byte master key.");
    }
}
