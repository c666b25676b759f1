using System.Reflection;

namespace ShareKey.Firmware.Tests.Support;

/// <summary>Finds files of the repository; the build records where it is (the output may live elsewhere).</summary>
public static class RepoPaths
{
    public static string Root { get; } = typeof(RepoPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!;

    public static string Of(string relative) => Path.Combine(Root, relative);
}
