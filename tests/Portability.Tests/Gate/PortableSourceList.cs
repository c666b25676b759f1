namespace ShareKey.Portability.Tests.Gate;

/// <summary>
/// The one list of code that must run on the board (<c>portable-sources.txt</c>). Three kinds of line:
/// <c>portable &lt;folder&gt;</c> (every .cs below it is gated), <c>host-only &lt;file&gt;</c> (lives in a
/// portable folder but only the .NET build compiles it) and <c>board-only &lt;file&gt;</c> (the
/// nanoFramework device layer: only the .nfproj compiles it). Paths are repo-relative with '/'.
/// </summary>
public sealed class PortableSourceList
{
    private PortableSourceList(IReadOnlyList<string> folders, IReadOnlyList<string> hostOnly, IReadOnlyList<string> boardOnly)
    {
        Folders = folders;
        HostOnlyFiles = hostOnly;
        BoardOnlyFiles = boardOnly;
    }

    public IReadOnlyList<string> Folders { get; }

    public IReadOnlyList<string> HostOnlyFiles { get; }

    public IReadOnlyList<string> BoardOnlyFiles { get; }

    public static PortableSourceList Load(string path)
    {
        List<string> folders = new();
        List<string> hostOnly = new();
        List<string> boardOnly = new();
        int number = 0;
        foreach (string raw in File.ReadAllLines(path))
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string[] parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            List<string> target = parts[0] switch
            {
                "portable" => folders,
                "host-only" => hostOnly,
                "board-only" => boardOnly,
                _ => throw new FormatException($"{path}:{number}: expected 'portable', 'host-only' or 'board-only', got '{parts[0]}'"),
            };
            if (parts.Length != 2 || parts[1].Contains('\\') || parts[1].EndsWith('/'))
            {
                throw new FormatException($"{path}:{number}: expected one repo-relative path with '/' separators");
            }

            target.Add(parts[1]);
        }

        return new PortableSourceList(folders, hostOnly, boardOnly);
    }

    /// <summary>Repo-relative paths of every gated file: the .cs files below the portable folders, minus host-only and board-only ones.</summary>
    public IReadOnlyList<string> PortableFiles(string repositoryRoot)
    {
        return Folders
            .SelectMany(folder => CSharpFilesBelow(repositoryRoot, folder))
            .Where(file => !HostOnlyFiles.Contains(file) && !BoardOnlyFiles.Contains(file))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Repo-relative paths of the .cs files below <paramref name="folder"/>, build output excluded.</summary>
    public static IEnumerable<string> CSharpFilesBelow(string repositoryRoot, string folder)
    {
        string fullFolder = Path.Combine(repositoryRoot, folder);
        return Directory
            .EnumerateFiles(fullFolder, "*.cs", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(repositoryRoot, file).Replace('\\', '/'))
            .Where(file => !IsBuildOutput(file.Substring(folder.Length + 1)));
    }

    private static bool IsBuildOutput(string pathInFolder)
    {
        string first = pathInFolder.Split('/')[0];
        return first == "bin" || first == "obj";
    }
}
