using System.Text.RegularExpressions;
using System.Xml.Linq;
using ShareKey.Portability.Tests.Gate;

namespace ShareKey.Portability.Tests.Repository;

/// <summary>
/// CI cannot build the firmware's board projects (no nanoFramework packages in our mirror), so these
/// checks keep firmware/Common/Common.nfproj and the two applications, firmware/TBox/TBox.nfproj and
/// firmware/ParkingLock/ParkingLock.nfproj, in step with the tree:
/// a portable or device-layer file cannot be forgotten in the board build, every package version
/// agrees across packages.config, the HintPaths, the version properties and the other board projects,
/// the application references every package its libraries need, and every package the portability
/// allowlist permits is referenced, so portable code that passes the gate also finds its assembly on
/// the board. (ProtocolNfprojTests does the same for shared/Protocol/Protocol.nfproj.)
/// </summary>
public sealed partial class BoardNfprojTests
{
    private const string Common = "firmware/Common/Common.nfproj";
    private const string TBox = "firmware/TBox/TBox.nfproj";
    private const string ParkingLock = "firmware/ParkingLock/ParkingLock.nfproj";
    private const string Protocol = "shared/Protocol/Protocol.nfproj";
    private const string Props = "nf.proj.props";
    private static readonly XNamespace MsBuild = "http://schemas.microsoft.com/developer/msbuild/2003";

    public static TheoryData<string> BoardProjects => new() { Common, TBox, ParkingLock };

    public static TheoryData<string> Applications => new() { TBox, ParkingLock };

    [Theory]
    [MemberData(nameof(BoardProjects))]
    public void Compiles_exactly_the_files_of_its_folders(string project)
    {
        string[] expected = ExpectedSources(project).Order(StringComparer.Ordinal).ToArray();
        string[] listed = Attributes(project, "Compile", "Include")
            .Select(include => FolderOf(project) + "/" + include.Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.True(
            expected.SequenceEqual(listed),
            $"{project}'s <Compile Include> list differs from the folders it builds.\n"
            + "missing: " + string.Join(", ", expected.Except(listed)) + "\n"
            + "extra: " + string.Join(", ", listed.Except(expected)));
    }

    [Theory]
    [MemberData(nameof(BoardProjects))]
    public void Lists_every_file_by_name(string project)
    {
        Assert.DoesNotContain(Attributes(project, "Compile", "Include"), include => include.Contains('*'));
    }

    [Theory]
    [MemberData(nameof(BoardProjects))]
    public void Takes_the_shared_board_settings(string project)
    {
        Assert.Contains(@"..\..\nf.proj.props", Attributes(project, "Import", "Project"));
    }

    [Fact]
    public void Common_builds_the_assembly_the_host_builds_and_the_application_is_an_executable()
    {
        string hostName = XDocument.Load(Support.Repository.PathOf("firmware/Common/Common.csproj"))
            .Descendants("AssemblyName")
            .Single()
            .Value;

        Assert.Equal(hostName, Property(Common, "AssemblyName"));
        Assert.Equal("Library", Property(Common, "OutputType"));
        Assert.Equal("Exe", Property(TBox, "OutputType"));
        Assert.Equal("Exe", Property(ParkingLock, "OutputType"));
    }

    [Fact]
    public void References_the_board_projects_it_builds_on()
    {
        Assert.Equal(new[] { Protocol }, ProjectReferences(Common));
        Assert.Equal(new[] { Protocol, Common }.Order(StringComparer.Ordinal), ProjectReferences(TBox).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { Protocol, Common }.Order(StringComparer.Ordinal), ProjectReferences(ParkingLock).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BoardProjects))]
    public void References_the_packages_of_its_packages_config_at_their_versions(string project)
    {
        Dictionary<string, string> restored = PackagesConfig(project);
        Dictionary<string, string> referenced = new();
        foreach (XElement reference in Document(project).Descendants(MsBuild + "Reference"))
        {
            string hintPath = reference.Element(MsBuild + "HintPath")!.Value;
            Match match = PackageHintPath().Match(hintPath);
            Assert.True(match.Success, $"{project}: HintPath '{hintPath}' is not $(NanoPackagesPath)<id>.$(<version property>)\\lib\\<assembly>.dll");
            Assert.Equal(match.Groups["assembly"].Value, reference.Attribute("Include")!.Value);
            string property = match.Groups["property"].Value;
            string? version = VersionProperty(project, property);
            Assert.True(version != null, $"{project}: $({property}) is set neither in the project nor in {Props}");
            referenced[match.Groups["id"].Value] = version!;
        }

        Assert.Equal(restored.OrderBy(p => p.Key), referenced.OrderBy(p => p.Key));
    }

    [Fact]
    public void Every_board_project_uses_one_version_of_each_package()
    {
        IEnumerable<(string Project, string Id, string Version)> uses = new[] { Protocol, Common, TBox, ParkingLock }
            .SelectMany(project => PackagesConfig(project).Select(p => (project, p.Key, p.Value)));
        string[] conflicts = uses
            .GroupBy(use => use.Id)
            .Where(group => group.Select(use => use.Version).Distinct().Count() > 1)
            .Select(group => group.Key + ": " + string.Join(", ", group.Select(use => use.Project + " " + use.Version)))
            .ToArray();

        Assert.True(conflicts.Length == 0, "packages at different versions:\n" + string.Join("\n", conflicts));
    }

    [Theory]
    [MemberData(nameof(BoardProjects))]
    public void Does_not_restate_a_version_nf_proj_props_sets(string project)
    {
        Dictionary<string, string> shared = Properties(Props);
        string[] restated = Properties(project).Keys.Where(shared.ContainsKey).ToArray();

        Assert.True(restated.Length == 0, $"{project} sets again what {Props} sets: " + string.Join(", ", restated));
    }

    [Theory]
    [MemberData(nameof(Applications))]
    public void The_application_references_every_package_its_libraries_reference(string project)
    {
        Dictionary<string, string> application = PackagesConfig(project);
        string[] missing = new[] { Protocol, Common }
            .SelectMany(library => PackagesConfig(library).Keys)
            .Distinct()
            .Where(id => !application.ContainsKey(id))
            .ToArray();

        Assert.True(missing.Length == 0, $"{project} would not deploy: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(BoardProjects))]
    public void References_every_package_the_allowlist_permits_at_its_version(string project)
    {
        Dictionary<string, string> restored = PackagesConfig(project);
        foreach (string section in Support.GateRun.Allowlist.Entries.Values.Distinct())
        {
            string[] parts = section.Split(' ');
            Assert.True(
                restored.TryGetValue(parts[0], out string? version) && version == parts[1],
                $"{project}: the allowlist permits APIs of [{section}]; packages.config has {parts[0]} {version ?? "not at all"}");
        }
    }

    /// <summary>Repo-relative .cs paths the project must compile.</summary>
    private static IEnumerable<string> ExpectedSources(string project)
    {
        PortableSourceList list = PortableSourceList.Load(Support.Repository.PortableSourcesFile);
        IEnumerable<string> Logic(string folder) => PortableSourceList.CSharpFilesBelow(Support.Repository.Root, folder)
            .Where(file => !list.HostOnlyFiles.Contains(file));

        if (project == Common)
        {
            return Logic("firmware/Common/Logic").Concat(PortableSourceList.CSharpFilesBelow(Support.Repository.Root, "firmware/Common/Device"));
        }

        string board = FolderOf(project);
        return Logic(board + "/Logic")
            .Concat(PortableSourceList.CSharpFilesBelow(Support.Repository.Root, board + "/Device"))
            .Append(board + "/Program.cs");
    }

    private static string FolderOf(string project)
    {
        return project.Substring(0, project.LastIndexOf('/'));
    }

    private static XDocument Document(string project)
    {
        return XDocument.Load(Support.Repository.PathOf(project));
    }

    private static IEnumerable<string> Attributes(string project, string element, string attribute)
    {
        return Document(project).Descendants(MsBuild + element).Select(e => e.Attribute(attribute)!.Value);
    }

    private static string Property(string project, string name)
    {
        return Document(project).Descendants(MsBuild + name).Single().Value;
    }

    /// <summary>The properties set directly under a PropertyGroup of <paramref name="file"/> (the last setting wins, as in MSBuild).</summary>
    private static Dictionary<string, string> Properties(string file)
    {
        return XDocument.Load(Support.Repository.PathOf(file))
            .Descendants()
            .Where(e => e.Parent?.Name == MsBuild + "PropertyGroup")
            .GroupBy(e => e.Name.LocalName)
            .ToDictionary(g => g.Key, g => g.Last().Value);
    }

    /// <summary>A version property as the project sees it: its own setting, else nf.proj.props's (which it imports first).</summary>
    private static string? VersionProperty(string project, string name)
    {
        return Properties(project).TryGetValue(name, out string? own) ? own
            : Properties(Props).TryGetValue(name, out string? shared) ? shared
            : null;
    }

    private static Dictionary<string, string> PackagesConfig(string project)
    {
        return XDocument.Load(Support.Repository.PathOf(FolderOf(project) + "/packages.config"))
            .Descendants("package")
            .ToDictionary(p => p.Attribute("id")!.Value, p => p.Attribute("version")!.Value);
    }

    /// <summary>Repo-relative paths of the projects <paramref name="project"/> references.</summary>
    private static IEnumerable<string> ProjectReferences(string project)
    {
        string folder = Path.GetDirectoryName(Support.Repository.PathOf(project))!;
        return Attributes(project, "ProjectReference", "Include")
            .Select(include => Path.GetFullPath(Path.Combine(folder, include.Replace('\\', Path.DirectorySeparatorChar))))
            .Select(path => Path.GetRelativePath(Support.Repository.Root, path).Replace('\\', '/'))
            .ToArray();
    }

    [GeneratedRegex(@"^\$\(NanoPackagesPath\)(?<id>[A-Za-z0-9.]+)\.\$\((?<property>\w+)\)\\lib\\(?<assembly>[\w.]+)\.dll$")]
    private static partial Regex PackageHintPath();
}
