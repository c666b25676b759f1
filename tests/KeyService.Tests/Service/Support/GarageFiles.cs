using System.Reflection;
using System.Text.Json.Nodes;

namespace ShareKey.KeyService.Tests.Service.Support;

/// <summary>The example garage file in docs/examples, and its locks brought into service under the names it gives.</summary>
public static class GarageFiles
{
    public static readonly string RepoRoot = typeof(GarageFiles).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    public static string ExamplePath => Path.Combine(RepoRoot, "docs", "examples", "harbour-garage.json");

    public static string ExampleText => File.ReadAllText(ExamplePath);

    public static JsonObject Example() => JsonNode.Parse(ExampleText)!.AsObject();

    public static IEnumerable<string> LockNames(JsonObject file) =>
        file["floors"]!.AsArray().SelectMany(floor => floor!["spaces"]!.AsArray()).Select(space => space!["lock"]!.GetValue<string>());

    /// <summary>Provisions every lock the file names (not online: a space needs only a parking lock in service).</summary>
    public static async Task ProvisionLocksAsync(TestService service, JsonObject file)
    {
        foreach (var name in LockNames(file))
        {
            await service.ProvisionAsync(name, "parking-lock");
        }
    }
}
