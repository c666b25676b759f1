using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using ShareKey.KeyService.Parking.Maps;

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

    /// <summary>POSTs <paramref name="file"/> to /v1/garages/import as <paramref name="client"/>; the answer is the test's to check.</summary>
    public static Task<HttpResponseMessage> Import(HttpClient client, JsonObject file) =>
        client.PostAsync("/v1/garages/import", new StringContent(file.ToJsonString(), Encoding.UTF8, "application/json"));

    /// <summary>Imports <paramref name="file"/> as the operator, which must create it (201).</summary>
    public static async Task<MapApi.ImportedGarage> ImportAsync(TestService service, JsonObject file)
    {
        using var response = await Import(service.Operator, file);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<MapApi.ImportedGarage>();
    }

    /// <summary>The id of the space labelled <paramref name="label"/> in an import's answer.</summary>
    public static string SpaceId(MapApi.ImportedGarage imported, string label) => imported.Spaces.Single(s => s.SpaceId == label).Id;
}
