using ShareKey.Portability.Tests.Gate;

namespace ShareKey.Portability.Tests.Repository;

/// <summary>portable-sources.txt names only things that exist, so a rename cannot silently shrink the gate.</summary>
public sealed class PortableSourceListTests
{
    private readonly PortableSourceList _list = PortableSourceList.Load(Support.Repository.PortableSourcesFile);

    [Fact]
    public void Every_portable_folder_exists_and_holds_code()
    {
        Assert.NotEmpty(_list.Folders);
        foreach (string folder in _list.Folders)
        {
            Assert.True(Directory.Exists(Support.Repository.PathOf(folder)), $"{folder} does not exist");
            Assert.NotEmpty(PortableSourceList.CSharpFilesBelow(Support.Repository.Root, folder));
        }
    }

    [Fact]
    public void Every_excluded_file_exists_inside_a_portable_folder()
    {
        foreach (string file in _list.HostOnlyFiles.Concat(_list.BoardOnlyFiles))
        {
            Assert.True(File.Exists(Support.Repository.PathOf(file)), $"{file} does not exist");
            Assert.Contains(_list.Folders, folder => file.StartsWith(folder + "/", StringComparison.Ordinal));
        }
    }
}
