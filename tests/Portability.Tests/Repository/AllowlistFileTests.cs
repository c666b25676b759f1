using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ShareKey.Portability.Tests.Gate;
using ShareKey.Portability.Tests.Support;

namespace ShareKey.Portability.Tests.Repository;

/// <summary>
/// The allowlist stays well-formed: every entry names a real API (a typo would silently allow
/// nothing), none is banned, and every entry sits under a nanoFramework package section.
/// </summary>
public sealed class AllowlistFileTests
{
    [Fact]
    public void Every_entry_resolves_to_an_API_of_the_same_name_on_dotnet()
    {
        Compilation bcl = CSharpCompilation.Create("AllowlistCheck", references: HostReferences.Get());
        string[] unresolved = GateRun.Allowlist.Entries.Keys
            .Where(id => DocumentationCommentId.GetFirstSymbolForDeclarationId(id, bcl) == null)
            .ToArray();

        Assert.True(unresolved.Length == 0, "entries that name no API:\n" + string.Join("\n", unresolved));
    }

    [Fact]
    public void No_entry_is_banned()
    {
        Assert.DoesNotContain(GateRun.Allowlist.Entries.Keys, id => BannedApis.AdviceFor(id) != null);
    }

    [Fact]
    public void Every_section_is_a_nanoFramework_package_with_a_version()
    {
        foreach (string section in GateRun.Allowlist.Entries.Values.Distinct())
        {
            string[] parts = section.Split(' ');
            Assert.True(
                parts.Length == 2 && parts[0].StartsWith("nanoFramework.", StringComparison.Ordinal) && Version.TryParse(parts[1], out _),
                $"[{section}] is not '[nanoFramework.<package> <version>]'");
        }
    }

    [Fact]
    public void A_listed_entry_twice_is_refused()
    {
        FormatException error = Assert.Throws<FormatException>(
            () => ApiAllowlist.Parse(new[] { "[nanoFramework.CoreLibrary 1.17.11]", "T:System.Object", "T:System.Object" }, "test"));

        Assert.Contains("listed twice", error.Message, StringComparison.Ordinal);
    }
}
