using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>`vehicle show VIN` after a scripted T-BOX bound its VIN (R4).</summary>
public sealed class VehicleShowCommandTests(CliService service) : IClassFixture<CliService>
{
    [Fact]
    public async Task Gives_the_binding_and_its_history()
    {
        const string vin = "1M8GDM9AXKP042788";
        await using var car = await Fleet.OnlineAsync(service.Service, "bound-1", vin, "310150123456789");

        var run = await service.RunAsync("vehicle", "show", vin);
        var unknown = await service.RunAsync("vehicle", "show", "1HGCM82633A004352");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"{car.Id:x16} bound-1 (active)", run.Output);
        Assert.Contains("310150123456789", run.Output);
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("error vehicle-not-found:", unknown.Error);
    }
}
