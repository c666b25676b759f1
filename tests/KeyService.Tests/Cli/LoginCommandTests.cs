using ShareKey.KeyService.Cli;
using ShareKey.KeyService.Secrets;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>`login` saves URL and token owner-only; every command then takes them from flags, else the environment, else that file.</summary>
public sealed class LoginCommandTests(CliService service) : IClassFixture<CliService>
{
    [Fact]
    public async Task Login_writes_an_owner_only_config_that_later_commands_use()
    {
        using var home = new TempFolder();
        var environment = new CliEnvironment(_ => null, home.Path);

        var login = await CliRun.OfAsync(environment, "login", "--url", service.Url, "--token", service.OperatorToken);
        var later = await CliRun.OfAsync(environment, "user", "list");

        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Contains("as admin (operator)", login.Output);
        var path = Path.Combine(home.Path, ".config", "sharekey", "cli.json");
        Assert.Equal(environment.ConfigPath, path);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        }

        var saved = ApiJson.Parse<CliConfigFile>(await File.ReadAllTextAsync(path));
        Assert.Equal(service.Url.TrimEnd('/'), saved.Url);
        Assert.Equal(service.OperatorToken, saved.Token);
        Assert.True(later.ExitCode == 0, later.ToString());
        Assert.Contains("admin", later.Output);
    }

    [Fact]
    public async Task The_environment_overrides_the_file_and_a_flag_overrides_both()
    {
        using var home = new TempFolder();
        var configPath = home.File("elsewhere.json");
        var stale = ApiTokenFormat.NewToken();
        var variables = new Dictionary<string, string>
        {
            [CliEnvironment.ConfigVariable] = configPath,
            [CliEnvironment.UrlVariable] = service.Url,
            [CliEnvironment.TokenVariable] = stale,
        };
        var environment = new CliEnvironment(name => variables.GetValueOrDefault(name), home.Path);
        new CliConfigFile("http://127.0.0.1:1", service.OperatorToken).Write(configPath);

        var fromEnvironment = await CliRun.OfAsync(environment, "user", "list");
        var fromFlag = await CliRun.OfAsync(environment, "user", "list", "--token", service.OperatorToken);
        variables.Remove(CliEnvironment.TokenVariable);
        var tokenFromFile = await CliRun.OfAsync(environment, "user", "list");

        Assert.Equal(1, fromEnvironment.ExitCode);
        Assert.EndsWith($"(token from {CliEnvironment.TokenVariable})", fromEnvironment.Error.Trim());
        Assert.Equal(0, fromFlag.ExitCode);
        Assert.True(tokenFromFile.ExitCode == 0, tokenFromFile.ToString());
    }

    [Fact]
    public async Task A_rejected_token_is_not_saved()
    {
        using var home = new TempFolder();
        var environment = new CliEnvironment(_ => null, home.Path);

        var run = await CliRun.OfAsync(environment, "login", "--url", service.Url, "--token", ApiTokenFormat.NewToken());

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error unauthenticated:", run.Error);
        Assert.False(File.Exists(environment.ConfigPath));
    }

    [Fact]
    public async Task A_broken_config_file_is_a_usage_error_naming_it()
    {
        using var home = new TempFolder();
        var environment = new CliEnvironment(_ => null, home.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(environment.ConfigPath)!);
        await File.WriteAllTextAsync(environment.ConfigPath, "{ not json");

        var run = await CliRun.OfAsync(environment, "user", "list");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"the CLI config file {environment.ConfigPath} is not valid JSON", run.Error);
    }
}
