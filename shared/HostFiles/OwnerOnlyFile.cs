using System.Security.Cryptography;

namespace ShareKey.HostFiles;

/// <summary>
/// Writes files that hold secrets (API tokens, board root keys, holder secrets) readable by their
/// owner only. The file is created 0600 from the start — never chmod-ed after the secret is in
/// it — and moved into place whole, so no reader ever sees a half-written or too-open file.
/// </summary>
public static class OwnerOnlyFile
{
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode FolderMode = FileMode | UnixFileMode.UserExecute;

    /// <summary>A new empty owner-only file beside <paramref name="path"/>, to be filled and then moved with <see cref="Commit"/>.</summary>
    public static string CreateTemporary(string path)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "." + Path.GetFileName(path) + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) + ".tmp");
        using (Open(temporary))
        {
        }

        return temporary;
    }

    public static void Fill(string temporary, string text)
    {
        using var stream = new FileStream(temporary, System.IO.FileMode.Truncate, FileAccess.Write);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }

    /// <summary>Moves the filled temporary file onto <paramref name="path"/>; throws IOException if it exists and <paramref name="overwrite"/> is false.</summary>
    public static void Commit(string temporary, string path, bool overwrite) => File.Move(temporary, path, overwrite);

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> (replacing it) as an owner-only file.</summary>
    public static void Write(string path, string text)
    {
        EnsureFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = CreateTemporary(path);
        try
        {
            Fill(temporary, text);
            Commit(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Creates <paramref name="folder"/> (and parents) as 0700 where it does not exist yet.</summary>
    public static void EnsureFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, FolderMode);
            }
        }
    }

    private static FileStream Open(string path)
    {
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return new FileStream(path, options);
    }
}
