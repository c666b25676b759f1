using ShareKey.EndToEnd.Tests.Support;

namespace ShareKey.EndToEnd.Tests.FirstRun;

/// <summary>
/// `bash scripts/install-cli.sh` (the README's install step) packs `sharekey` and `sharekey-sim` as
/// .NET tools and installs them; the installed commands run on their own, without `dotnet run`.
/// Here into a tool folder of the test's own, from what the test build already compiled.
/// </summary>
public sealed class InstalledToolTests
{
    [Fact]
    public async Task The_install_script_installs_both_tools_and_they_run()
    {
        using var shell = new Shell(Directory.CreateTempSubdirectory("sharekey-user-").FullName);
        var tools = Path.Combine(shell.WorkingDirectory, "tools");

        var install = await shell.RunAsync("bash", Path.Combine(Shell.RepositoryRoot, "scripts", "install-cli.sh"), "--tool-path", tools, "--no-build", "--configuration", Shell.Configuration);
        Assert.True(install.ExitCode == 0, install.ToString());

        var tour = await shell.RunAsync(Path.Combine(tools, "sharekey"), "protocol", "tour");
        Assert.True(tour.ExitCode == 0, tour.ToString());
        Assert.Contains("=> ACCEPTED", tour.Output);
        Assert.Equal(2, tour.Output.Split("(proof verified)").Length - 1);

        var simulator = await shell.RunAsync(Path.Combine(tools, "sharekey-sim"), "--help");
        Assert.True(simulator.ExitCode == 0, simulator.ToString());
        Assert.Contains("usage: sharekey-sim", simulator.Output);
    }
}
