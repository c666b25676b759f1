using ShareKey.KeyService.Parking.Occupancy;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>`space occupancy`, `space report` and `garage occupancy [--map]`: tables, the API's JSON with --json, the map saved.</summary>
public sealed class OccupancyCommandsTests(CliService service) : IClassFixture<CliService>
{
    [Fact]
    public async Task An_operator_asks_a_lock_to_report_and_reads_the_space_and_the_garage()
    {
        using var folder = new TempFolder();
        await using var lockG01 = await Service.Support.Parking.LockOnlineAsync(service.Service, "lock-g01");
        foreach (var name in GarageFiles.LockNames(GarageFiles.Example()).Where(name => name != "lock-g01"))
        {
            await service.Service.ProvisionAsync(name, "parking-lock");
        }

        Assert.Equal(0, (await service.RunAsync("garage", "import", GarageFiles.ExamplePath)).ExitCode);
        Assert.Contains("is unknown", (await service.RunAsync("space", "occupancy", "G-01")).Output);

        var report = await service.RunAsync("space", "report", "G-01");
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.Contains("Asked lock", report.Output);
        await lockG01.WaitForAsync<ReportRequestMessage>();
        await lockG01.SendAsync(new EventMessage { Events = [new EventRecord(EventKind.Occupancy, (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 0, 2, 1)] });
        await Eventually.TrueAsync(async () => (await service.JsonAsync<SpaceOccupancyDto>("space", "occupancy", "G-01")).State == OccupancyState.Occupied, "G-01 occupied");

        var space = await service.RunAsync("space", "occupancy", "G-01");
        Assert.Contains("is occupied", space.Output);
        Assert.Contains(space.Output.Split('\n'), line => line.Contains("yes") && line.Contains("asked"));

        var map = folder.File("occupancy.svg");
        var garage = await service.RunAsync("garage", "occupancy", "Harbour Garage", "--map", map);
        Assert.True(garage.ExitCode == 0, garage.ToString());
        Assert.Contains("1 occupied, 0 free, 4 unknown", garage.Output);
        Assert.Contains(ShareKey.KeyService.Parking.Maps.MapPicture.Occupied, await File.ReadAllTextAsync(map));
    }
}
