using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>`garage import|export` round-trip the example file through the CLI; `phone map` saves the renter's SVG map.</summary>
public sealed class GarageFileCommandsTests(CliService service) : IClassFixture<CliService>
{
    [Fact]
    public async Task A_garage_file_goes_in_and_comes_out_unchanged_and_a_renter_saves_the_map()
    {
        using var folder = new TempFolder();
        await using var lockG01 = await Service.Support.Parking.LockOnlineAsync(service.Service, "lock-g01");
        foreach (var name in GarageFiles.LockNames(GarageFiles.Example()).Where(name => name != "lock-g01"))
        {
            await service.Service.ProvisionAsync(name, "parking-lock");
        }

        var imported = await service.RunAsync("garage", "import", GarageFiles.ExamplePath);
        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Contains(imported.Output.Split('\n'), line => line.Contains("B-02") && line.Contains("-1"));

        var exported = Path.Combine(folder.Path, "out.json");
        var export = await service.RunAsync("garage", "export", "Harbour Garage", "--out", exported);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal(GarageFiles.ExampleText, await File.ReadAllTextAsync(exported));

        var again = await service.RunAsync("garage", "import", GarageFiles.ExamplePath);
        Assert.Equal(2, again.ExitCode);
        Assert.StartsWith("error garage-exists:", again.Error);
        var broken = Path.Combine(folder.Path, "broken.json");
        await File.WriteAllTextAsync(broken, "{ not json");
        var unreadable = await service.RunAsync("garage", "import", broken);
        Assert.Equal(1, unreadable.ExitCode);
        Assert.Contains("cannot read", unreadable.Error);

        var (renterId, renter) = await service.Service.CreateUserAsync("cli-renter");
        var token = renter.DefaultRequestHeaders.Authorization!.Parameter!;
        var refused = await service.RunAsAsync(token, "phone", "map", "G-01", "--out", Path.Combine(folder.Path, "no.svg"));
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("error forbidden:", refused.Error);
        Assert.False(File.Exists(Path.Combine(folder.Path, "no.svg")));

        await TestService.PostAsync<System.Text.Json.JsonElement>(service.Service.Operator, "/v1/keys", new { type = "renter", userId = renterId, deviceId = $"{lockG01.Id:x16}" });
        var map = Path.Combine(folder.Path, "g01.svg");
        var saved = await service.RunAsAsync(token, "phone", "map", "G-01", "--out", map);
        Assert.True(saved.ExitCode == 0, saved.ToString());
        var svg = await File.ReadAllTextAsync(map);
        Assert.StartsWith("<svg", svg);
        Assert.Contains(ShareKey.KeyService.Parking.Maps.MapPicture.Marked, svg);
    }
}
