using ShareKey.KeyService.Parking.Garages;
using ShareKey.KeyService.Parking.Spaces;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>`garage create|list|show` and `space create|list|show|rules`: tables by default, the API's JSON with --json.</summary>
public sealed class ParkingCommandsTests(CliService service) : IClassFixture<CliService>
{
    [Fact]
    public async Task An_operator_creates_a_garage_and_a_space_by_names()
    {
        await using var lockDevice = await Service.Support.Parking.LockOnlineAsync(service.Service, "cli-lock-1");
        var created = await service.RunAsync(
            "garage", "create", "Cli Garage", "--time-zone", "Europe/Berlin", "--country", "DE", "--city", "Hamburg", "--post-code", "20457",
            "--street", "Am Sandtorkai 1", "--floor", "-1=Basement", "--floor", "0=Street");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("Garage Cli Garage", created.Output);

        Assert.Contains(( await service.RunAsync("garage", "list")).Output.Split('\n'), line => line.Contains("Cli Garage") && line.Contains("Europe/Berlin"));
        var shown = await service.JsonAsync<GarageDto>("garage", "show", "cli garage");
        Assert.Equal(2, shown.Floors.Count);

        var space = await service.RunAsync("space", "create", "--garage", "Cli Garage", "--space-id", "B1-07", "--level", "-1", "--lock", "cli-lock-1", "--no-show", "20");
        Assert.True(space.ExitCode == 0, space.ToString());
        Assert.Contains("No manager yet", space.Output);

        var (userId, _) = await service.Service.CreateUserAsync("cli-manager");
        await Service.Support.Parking.MakeManagerAsync(service.Service, lockDevice.Id, userId);
        var listed = await service.RunAsync("space", "list", "--garage", "Cli Garage");
        Assert.Contains(listed.Output.Split('\n'), line => line.Contains("B1-07") && line.Contains(userId) && line.Contains("20"));

        var rules = await service.JsonAsync<SpaceRulesDto>("space", "rules", "B1-07", "--cancel-hold", "3");
        Assert.Equal(3, rules.CancelHoldMinutes);
        Assert.Equal(20, rules.NoShowMinutes);
        Assert.Contains("free cancel 3 min", (await service.RunAsync("space", "show", "B1-07")).Output);

        var bad = await service.RunAsync("space", "rules", "B1-07", "--no-show", "99999");
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith("error invalid-request:", bad.Error);
        var unknown = await service.RunAsync("space", "show", "Z-99");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no space is labelled 'Z-99'", unknown.Error);
        var floor = await service.RunAsync("garage", "create", "X", "--time-zone", "UTC", "--country", "DE", "--city", "H", "--post-code", "1", "--street", "s", "--floor", "ground");
        Assert.Equal(1, floor.ExitCode);
    }
}
