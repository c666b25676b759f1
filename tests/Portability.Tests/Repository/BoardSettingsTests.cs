using System.Xml.Linq;
using Microsoft.CodeAnalysis.CSharp;
using ShareKey.Portability.Tests.Gate;

namespace ShareKey.Portability.Tests.Repository;

/// <summary>The gate parses with the language version the board projects compile with, and compiles against the mscorlib they deploy.</summary>
public sealed class BoardSettingsTests
{
    [Fact]
    public void The_gate_and_nf_proj_props_use_the_same_language_version()
    {
        XNamespace msBuild = "http://schemas.microsoft.com/developer/msbuild/2003";
        string boardVersion = XDocument.Load(Support.Repository.PathOf("nf.proj.props"))
            .Descendants(msBuild + "LangVersion")
            .Single()
            .Value;

        Assert.True(LanguageVersionFacts.TryParse(boardVersion, out LanguageVersion parsed), $"'{boardVersion}' is no C# version");
        Assert.Equal(parsed, PortabilityGate.ParseOptions.LanguageVersion);
    }

    [Fact]
    public void The_mscorlib_compiled_against_is_the_CoreLibrary_version_the_boards_use()
    {
        XNamespace msBuild = "http://schemas.microsoft.com/developer/msbuild/2003";
        string boardVersion = XDocument.Load(Support.Repository.PathOf("nf.proj.props"))
            .Descendants(msBuild + "NanoCoreLibraryVersion")
            .Single()
            .Value;
        string compiledVersion = XDocument.Load(Support.Repository.PathOf("Directory.Packages.props"))
            .Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == "nanoFramework.CoreLibrary")
            .Attribute("Version")!
            .Value;

        Assert.Equal(boardVersion, compiledVersion);
    }
}
