namespace ShareKey.KeyService.Hosting;

/// <summary>
/// The data folder holds the master key and the SQLite database (sealed device keys, token hashes,
/// the audit log): both are created readable by the service's user only, from the first byte.
/// SQLite gives its -wal and -shm files the database file's mode, so they follow.
/// </summary>
public static class DataFolder
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerFolder = OwnerFile | UnixFileMode.UserExecute;

    /// <summary>Creates the folder (and parents) owner-only where it does not exist yet.</summary>
    public static void Ensure(string folder)
    {
        if (Directory.Exists(folder))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, OwnerFolder);
        }
    }

    /// <summary>Creates an empty owner-only database file where none exists; SQLite takes an empty file as a new database.</summary>
    public static void EnsureOwnerOnlyDatabase(string databasePath)
    {
        if (databasePath.StartsWith(':') || File.Exists(databasePath))
        {
            return;
        }

        Ensure(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerFile;
        }

        try
        {
            using (new FileStream(databasePath, options))
            {
            }
        }
        catch (IOException) when (File.Exists(databasePath))
        {
            // Another start on this data folder created it a moment ago.
        }
    }
}
