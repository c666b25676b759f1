namespace ShareKey.KeyService.Cli;

/// <summary>Which service to call and as whom, and where each came from (for messages that say what to fix).</summary>
public sealed record Connection(Uri Url, string? Token, string TokenSource)
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Each setting from its flag, else the environment, else the config file; the URL defaults to <see cref="DefaultUrl"/>.</summary>
    public static Connection Resolve(string? urlFlag, string? tokenFlag, CliEnvironment environment)
    {
        CliConfigFile? file = null;
        CliConfigFile File() => file ??= CliConfigFile.Read(environment.ConfigPath);

        var url = urlFlag ?? environment.Variable(CliEnvironment.UrlVariable) ?? File().Url ?? DefaultUrl;
        var (token, source) = tokenFlag is not null ? (tokenFlag, "--token")
            : environment.Variable(CliEnvironment.TokenVariable) is { } fromEnvironment ? (fromEnvironment, CliEnvironment.TokenVariable)
            : File().Token is { } fromFile ? (fromFile, environment.ConfigPath)
            : (null, "nowhere");
        return new Connection(ParseUrl(url), token, source);
    }

    private static Uri ParseUrl(string text)
    {
        if (Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            return url;
        }

        throw CliFailure.Usage($"'{text}' is not a service URL; give http://host:port or https://host:port");
    }
}
