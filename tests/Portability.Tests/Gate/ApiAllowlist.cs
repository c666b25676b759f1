namespace ShareKey.Portability.Tests.Gate;

/// <summary>
/// The nanoFramework APIs portable code may touch, as documentation-comment IDs
/// (<c>M:System.Array.Copy(System.Array,System.Int32,System.Array,System.Int32,System.Int32)</c>),
/// each under the <c>[package version]</c> section it comes from. Lines starting with <c>#</c> are
/// comments (a <c>#</c> inside an ID, as in <c>#ctor</c>, is part of the ID).
/// </summary>
public sealed class ApiAllowlist
{
    private readonly Dictionary<string, string> _packageOf;

    private ApiAllowlist(Dictionary<string, string> packageOf)
    {
        _packageOf = packageOf;
    }

    /// <summary>Every entry with the package section it sits in.</summary>
    public IReadOnlyDictionary<string, string> Entries
    {
        get { return _packageOf; }
    }

    public static ApiAllowlist Load(string path)
    {
        return Parse(File.ReadAllLines(path), path);
    }

    public static ApiAllowlist Parse(IEnumerable<string> lines, string origin)
    {
        Dictionary<string, string> packageOf = new(StringComparer.Ordinal);
        string? package = null;
        int number = 0;
        foreach (string raw in lines)
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                package = line[1..^1].Trim();
                continue;
            }

            if (!IsDocumentationId(line))
            {
                throw new FormatException($"{origin}:{number}: '{line}' is neither a [package] header nor a documentation-comment ID");
            }

            if (package == null)
            {
                throw new FormatException($"{origin}:{number}: '{line}' comes before any [package] header");
            }

            if (!packageOf.TryAdd(line, package))
            {
                throw new FormatException($"{origin}:{number}: '{line}' is listed twice");
            }
        }

        return new ApiAllowlist(packageOf);
    }

    public bool Contains(string documentationId)
    {
        return _packageOf.ContainsKey(documentationId);
    }

    /// <summary>A copy without the given entries; lets tests prove the gate really needs each one.</summary>
    public ApiAllowlist Without(params string[] documentationIds)
    {
        Dictionary<string, string> rest = new(_packageOf, StringComparer.Ordinal);
        foreach (string id in documentationIds)
        {
            if (!rest.Remove(id))
            {
                throw new ArgumentException($"'{id}' is not in the allowlist", nameof(documentationIds));
            }
        }

        return new ApiAllowlist(rest);
    }

    private static bool IsDocumentationId(string line)
    {
        return line.Length > 2
            && line[1] == ':'
            && "TMPFE".Contains(line[0])
            && !line.Any(char.IsWhiteSpace);
    }
}
