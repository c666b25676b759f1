namespace ShareKey.Portability.Tests.Gate;

/// <summary>
/// APIs docs/architecture.md §3 rules out by name, with what to use instead. They stay banned even if
/// someone adds them to the allowlist: nanoFramework's String (CoreLibrary 1.17.11, String.cs) has
/// no Replace, Join or IsNullOrWhiteSpace, and its DateTime has UtcNow but no Now.
/// </summary>
public static class BannedApis
{
    private static readonly (string IdPrefix, string Advice)[] Entries =
    {
        ("P:System.DateTime.Now", "use DateTime.UtcNow: the board has no time zone"),
        ("M:System.String.Replace(", "copy characters in a loop: nanoFramework's String has no Replace"),
        ("M:System.String.Join(", "concatenate in a loop: nanoFramework's String has no Join"),
        ("M:System.String.IsNullOrWhiteSpace(", "use String.IsNullOrEmpty or test the characters: nanoFramework's String has no IsNullOrWhiteSpace"),
    };

    /// <summary>The advice for a banned API, or null when <paramref name="documentationId"/> is not banned.</summary>
    public static string? AdviceFor(string documentationId)
    {
        foreach ((string prefix, string advice) in Entries)
        {
            bool exact = !prefix.EndsWith('(');
            if (exact ? documentationId == prefix : documentationId.StartsWith(prefix, StringComparison.Ordinal))
            {
                return advice;
            }
        }

        return null;
    }
}
