namespace ShareKey.KeyService.Cli;

/// <summary>
/// What the CLI reads from the process around it: environment variables and the home folder.
/// Injected so tests can give each run its own settings instead of sharing the process's.
/// </summary>
public sealed class CliEnvironment(Func<string, string?> variable, string home)
{
    public const string UrlVariable = "SHAREKEY_URL";
    public const string TokenVariable = "SHAREKEY_TOKEN";
    public const string ConfigVariable = "SHAREKEY_CLI_CONFIG";

    public static CliEnvironment Process { get; } = new(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    public string? Variable(string name) => variable(name) is { Length: > 0 } value ? value : null;

    /// <summary>$SHAREKEY_CLI_CONFIG, else $XDG_CONFIG_HOME/sharekey/cli.json, else ~/.config/sharekey/cli.json.</summary>
    public string ConfigPath =>
        Variable(ConfigVariable) ?? Path.Combine(Variable("XDG_CONFIG_HOME") ?? Path.Combine(home, ".config"), "sharekey", "cli.json");

    /// <summary>Where `sharekey phone` keeps fetched keys unless --wallet says otherwise.</summary>
    public string WalletPath =>
        Path.Combine(Variable("XDG_DATA_HOME") ?? Path.Combine(home, ".local", "share"), "sharekey", "phone");
}
