using System.Reflection;

namespace ShareKey.Portability.Tests.Support;

/// <summary>
/// Paths into the repository: the folder holding ShareKey.slnx, found by walking up from the test
/// assembly, or, when the build put the assembly outside the repository (--artifacts-path), from
/// the project folder the build recorded in the assembly's metadata.
/// </summary>
public static class Repository
{
    private static readonly Lazy<string> RootFolder = new(FindRoot);

    public static string Root
    {
        get { return RootFolder.Value; }
    }

    public static string PortableSourcesFile
    {
        get { return PathOf("tests/Portability.Tests/portable-sources.txt"); }
    }

    public static string AllowlistFile
    {
        get { return PathOf("tests/Portability.Tests/nanoframework-api-allowlist.txt"); }
    }

    /// <summary>The absolute path of a repo-relative path written with '/'.</summary>
    public static string PathOf(string relative)
    {
        return Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));
    }

    private static string FindRoot()
    {
        string projectFolder = typeof(Repository).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ProjectFolder")
            .Value!;
        return FindAbove(AppContext.BaseDirectory)
            ?? FindAbove(projectFolder)
            ?? throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} or {projectFolder} holds ShareKey.slnx");
    }

    private static string? FindAbove(string start)
    {
        for (DirectoryInfo? folder = new(start); folder != null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ShareKey.slnx")))
            {
                return folder.FullName;
            }
        }

        return null;
    }
}
