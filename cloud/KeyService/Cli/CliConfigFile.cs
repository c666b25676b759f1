using System.Text.Json;
using ShareKey.HostFiles;
using ShareKey.KeyService.Api;

namespace ShareKey.KeyService.Cli;

/// <summary>
/// The file `sharekey login` writes: { "url": …, "token": … }. It holds an API token, so it is
/// owner-only like an SSH key.
/// </summary>
public sealed record CliConfigFile(string? Url, string? Token)
{
    /// <summary>The file's settings, or empty ones when there is no file.</summary>
    public static CliConfigFile Read(string path)
    {
        if (!File.Exists(path))
        {
            return new CliConfigFile(null, null);
        }

        try
        {
            return JsonSerializer.Deserialize<CliConfigFile>(File.ReadAllText(path), Json.Options) ?? new CliConfigFile(null, null);
        }
        catch (JsonException invalid)
        {
            throw CliFailure.Usage($"the CLI config file {path} is not valid JSON ({invalid.Message}); fix it or run `sharekey login` again");
        }
        catch (UnauthorizedAccessException denied)
        {
            throw CliFailure.Usage($"cannot read the CLI config file {path}: {denied.Message}");
        }
    }

    public void Write(string path) => OwnerOnlyFile.Write(path, JsonSerializer.Serialize(this, Json.Options) + "\n");
}
