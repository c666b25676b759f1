using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ShareKey.EndToEnd.Tests.Support;
using ShareKey.KeyService.Vehicles;

namespace ShareKey.EndToEnd.Tests.FirstRun;

/// <summary>
/// cloud/KeyService/README.md#run as a newcomer types it, with `dotnet run --project …` from the
/// folder they stand in (here a git checkout holding the repository's .gitignore): the data folder
/// and the board file land there, the simulator finds the board file by the name it was written
/// under, every secret is owner-only, and `git status` shows none of it.
/// </summary>
public sealed partial class ReadmeWalkthroughTests
{
    private const string Vin = "1M8GDM9AXKP042788";

    [Fact]
    public async Task The_walkthrough_works_from_where_the_user_stands_and_leaves_git_status_clean()
    {
        var checkout = Directory.CreateTempSubdirectory("sharekey-checkout-").FullName;
        using var shell = new Shell(checkout);
        File.Copy(Path.Combine(Shell.RepositoryRoot, ".gitignore"), Path.Combine(checkout, ".gitignore"));
        await GitAsync(shell, "init", "-q");
        await GitAsync(shell, "add", ".gitignore");
        await GitAsync(shell, "-c", "user.name=newcomer", "-c", "user.email=newcomer@example.invalid", "commit", "-q", "-m", "checkout");

        var httpUrl = $"http://127.0.0.1:{FreePort()}";
        string[] sharekey = ["run", "--project", Path.Combine(Shell.RepositoryRoot, "cloud", "KeyService"), "--no-build", "-c", Shell.Configuration, "--"];
        string[] simulator = ["run", "--project", Path.Combine(Shell.RepositoryRoot, "firmware", "Simulator"), "--no-build", "-c", Shell.Configuration, "--"];
        await using var serve = shell.StartBackground("dotnet", [.. sharekey, "serve", "--http", httpUrl, "--mqtt-port", FreePort().ToString(), "--public-host", "127.0.0.1"]);
        await serve.WaitForOutputAsync("KeyService up:");
        shell.Environment["SHAREKEY_TOKEN"] = TokenLine().Match(serve.Output).Groups[1].Value;
        shell.Environment["SHAREKEY_URL"] = httpUrl;

        var provision = await shell.RunAsync("dotnet", [.. sharekey, "device", "provision", "--kind", "tbox", "--name", "car-17", "--out", "car-17.conf"]);
        Assert.True(provision.ExitCode == 0, provision.ToString());
        await using var car = shell.StartBackground("dotnet", [.. simulator, "--config", "car-17.conf", "--vin", Vin, "--no-ble"]);
        var bound = await Eventually.GetAsync(() => BoundAsync(shell, sharekey), holds => holds || car.HasExited, "the car binds its VIN", TimeSpan.FromSeconds(60));
        Assert.True(bound, "the simulator ended before its VIN was bound:\n" + car.Output);

        Assert.True(File.Exists(Path.Combine(checkout, "car-17.conf")), "the board file is where the user stands");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(Path.Combine(checkout, "sharekey-data")));
            foreach (var secret in new[] { "car-17.conf", "sharekey-data/master.key", "sharekey-data/sharekey.db", "sharekey-data/sharekey.db-wal", "sharekey-data/sharekey.db-shm" })
            {
                Assert.Equal((secret, OwnerOnlyFile), (secret, File.GetUnixFileMode(Path.Combine(checkout, secret))));
            }
        }

        var status = await GitAsync(shell, "status", "--porcelain", "--untracked-files=all");
        Assert.Equal("", status.Output);
    }

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerOnlyFile | UnixFileMode.UserExecute;

    private static async Task<bool> BoundAsync(Shell shell, string[] sharekey)
    {
        var show = await shell.RunAsync("dotnet", [.. sharekey, "vehicle", "show", Vin, "--json"]);
        return show.ExitCode == 0 && ApiJson.Parse<VehicleApi.VehicleDto>(show.Output).Active is not null;
    }

    private static async Task<ShellResult> GitAsync(Shell shell, params string[] arguments)
    {
        var result = await shell.RunAsync("git", arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [GeneratedRegex("SHAREKEY_TOKEN=(skt_[A-Za-z0-9_-]+)")]
    private static partial Regex TokenLine();
}
