using System.Text.RegularExpressions;
using System.Xml.Linq;
using ShareKey.Portability.Tests.Gate;

namespace ShareKey.Portability.Tests.Repository;

/// <summary>
/// CI cannot build shared/Protocol/Protocol.nfproj (no nanoFramework packages in our mirror), so
/// these checks keep it in step with the folder: a new file cannot be forgotten in the board
/// build, and the package versions in packages.config, the HintPaths and nf.proj.props agree.
/// </summary>
public sealed partial class ProtocolNfprojTests
{
    private const string Folder = "shared/Protocol";
    private static readonly XNamespace MsBuild = "http://schemas.microsoft.com/developer/msbuild/2003";

    private readonly XDocument _project = XDocument.Load(Support.Repository.PathOf(Folder + "/Protocol.nfproj"));

    [Fact]
    public void Compiles_exactly_the_portable_files_plus_the_board_only_ones()
    {
        PortableSourceList list = PortableSourceList.Load(Support.Repository.PortableSourcesFile);
        string[] expected = list.PortableFiles(Support.Repository.Root)
            .Concat(list.BoardOnlyFiles)
            .Where(path => path.StartsWith(Folder + "/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        string[] listed = Attributes("Compile", "Include")
            .Select(include => Folder + "/" + include.Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.True(
            expected.SequenceEqual(listed),
            "Protocol.nfproj's <Compile Include> list differs from the folder.\n"
            + "missing: " + string.Join(", ", expected.Except(listed)) + "\n"
            + "extra: " + string.Join(", ", listed.Except(expected)));
    }

    [Fact]
    public void Lists_every_file_by_name()
    {
        Assert.DoesNotContain(Attributes("Compile", "Include"), include => include.Contains('*'));
    }

    [Fact]
    public void Takes_the_shared_board_settings_and_the_assembly_name()
    {
        Assert.Contains(@"..\..\nf.proj.props", Attributes("Import", "Project"));
        Assert.Equal("ShareKey.Protocol", _project.Descendants(MsBuild + "AssemblyName").Single().Value);
        Assert.Equal("Library", _project.Descendants(MsBuild + "OutputType").Single().Value);
    }

    [Fact]
    public void References_the_packages_of_packages_config_at_their_versions()
    {
        Dictionary<string, string> restored = XDocument.Load(Support.Repository.PathOf(Folder + "/packages.config"))
            .Descendants("package")
            .ToDictionary(p => p.Attribute("id")!.Value, p => p.Attribute("version")!.Value);
        Dictionary<string, string> props = XDocument.Load(Support.Repository.PathOf("nf.proj.props"))
            .Descendants()
            .Where(e => e.Parent?.Name == MsBuild + "PropertyGroup")
            .GroupBy(e => e.Name.LocalName)
            .ToDictionary(g => g.Key, g => g.Last().Value);

        Dictionary<string, string> referenced = new();
        foreach (XElement hintPath in _project.Descendants(MsBuild + "HintPath"))
        {
            Match match = PackageHintPath().Match(hintPath.Value);
            Assert.True(match.Success, $"HintPath '{hintPath.Value}' is not $(NanoPackagesPath)<id>.$(<version property>)\\lib\\...");
            referenced[match.Groups["id"].Value] = props[match.Groups["property"].Value];
        }

        Assert.Equal(restored.OrderBy(p => p.Key), referenced.OrderBy(p => p.Key));
    }

    private IEnumerable<string> Attributes(string element, string attribute)
    {
        return _project.Descendants(MsBuild + element).Select(e => e.Attribute(attribute)!.Value);
    }

    [GeneratedRegex(@"^\$\(NanoPackagesPath\)(?<id>[A-Za-z.]+)\.\$\((?<property>\w+)\)\\lib\\[\w.]+\.dll$")]
    private static partial Regex PackageHintPath();
}
