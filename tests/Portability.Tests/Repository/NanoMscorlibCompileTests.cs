using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using ShareKey.Portability.Tests.Gate;
using ShareKey.Portability.Tests.Support;

namespace ShareKey.Portability.Tests.Repository;

/// <summary>
/// Every portable folder compiled against nanoFramework's real mscorlib (nanoFramework.CoreLibrary
/// 1.17.11) and nothing else: zero errors. Snippets that use what the board's mscorlib lacks prove
/// the compile would catch them.
/// </summary>
public sealed class NanoMscorlibCompileTests
{
    [Fact]
    public void Every_portable_folder_compiles_against_nanoFramework_mscorlib_alone()
    {
        PortableSourceList list = PortableSourceList.Load(Support.Repository.PortableSourcesFile);
        HashSet<string> excluded = [.. list.HostOnlyFiles, .. list.BoardOnlyFiles];
        var assemblies = list.Folders
            .Select(folder => (folder.Replace('/', '.'), (IReadOnlyList<SourceFile>)PortableSourceList.CSharpFilesBelow(Support.Repository.Root, folder)
                .Where(path => !excluded.Contains(path))
                .Select(path => new SourceFile(path, File.ReadAllText(Support.Repository.PathOf(path))))
                .ToList()))
            .ToList();

        IReadOnlyList<string> errors = NanoMscorlibCompile.Errors(assemblies);

        Assert.Contains(assemblies, a => a.Item1 == "firmware.ParkingLock.Logic");
        Assert.All(assemblies, a => Assert.NotEmpty(a.Item2));
        Assert.True(errors.Count == 0, $"{errors.Count} error(s) against nanoFramework's mscorlib:\n{string.Join("\n", errors.Take(40))}");
    }

    [Theory]
    [InlineData("System.Text.StringBuilder b = new System.Text.StringBuilder();")]
    [InlineData("System.Collections.Generic.List<int> l = new System.Collections.Generic.List<int>();")]
    [InlineData("string s = string.Join(\",\", new string[] { \"a\" });")]
    [InlineData("string s = \"ab\".Replace(\"a\", \"b\");")]
    [InlineData("int m = System.Math.Max(1, 2);")]
    [InlineData("System.Collections.Hashtable h = new System.Collections.Hashtable();")]
    [InlineData("System.DateTime d = System.DateTime.Now;")]
    public void Code_using_what_the_boards_mscorlib_lacks_does_not_compile(string statement)
    {
        IReadOnlyList<string> errors = NanoMscorlibCompile.Errors([("Snippet", [Snippet(statement)])]);

        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Board_style_code_compiles_against_it()
    {
        IReadOnlyList<string> errors = NanoMscorlibCompile.Errors(
        [
            ("Snippet", [Snippet("object gate = new object(); lock (gate) { string s = \"n=\" + 5.ToString() + (s2 == null ? \"\" : s2); byte[] b = new byte[] { 1, 2, 3 }; foreach (byte x in b) { System.Array.Copy(b, 0, b, 1, 1); } throw new System.ArgumentException(s); }")]),
        ]);

        Assert.Empty(errors);
    }

    [Fact]
    public void The_reference_is_nanoFrameworks_mscorlib_at_the_boards_version()
    {
        using PEReader pe = new(File.OpenRead(NanoMscorlibCompile.MscorlibPath));
        MetadataReader metadata = pe.GetMetadataReader();
        AssemblyDefinition assembly = metadata.GetAssemblyDefinition();

        Assert.Equal("mscorlib", metadata.GetString(assembly.Name));
        Assert.Empty(metadata.AssemblyReferences);
        Assert.Contains("nanoframework.corelibrary" + Path.DirectorySeparatorChar + "1.17.11", NanoMscorlibCompile.MscorlibPath.ToLowerInvariant().Replace('/', Path.DirectorySeparatorChar), StringComparison.Ordinal);
    }

    private static SourceFile Snippet(string statement) =>
        new("Snippet.cs", "namespace Board { public sealed class Part { public void Run(string s2) { " + statement + " } } }");
}
