using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.KeyService.Tests.Service.Vehicles;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>`vehicle resolve VIN --to ID` moves a contested VIN to the T-BOX that claimed it.</summary>
public sealed class VehicleResolveCommandTests(CliService service) : IClassFixture<CliService>
{
    [Fact]
    public async Task Moves_a_contested_vin_to_the_claimant()
    {
        const string vin = "11111111111111111";
        await using var holder = await Fleet.OnlineAsync(service.Service, "resolve-holder", vin, "310150123456780");
        await using var claimant = await Fleet.OnlineAsync(service.Service, "resolve-claimant");
        await VinBindingTests.BindAsync(claimant, vin, "460001234567891");

        var missing = await service.RunAsync("vehicle", "resolve", vin);
        var run = await service.RunAsync("vehicle", "resolve", vin, "--to", $"{claimant.Id:x16}");
        var again = await service.RunAsync("vehicle", "resolve", vin, "--to", $"{holder.Id:x16}");

        Assert.Equal(1, missing.ExitCode);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"bound to T-BOX {claimant.Id:x16}", run.Output);
        Assert.NotEqual(0, again.ExitCode);
        Assert.StartsWith("error conflict:", again.Error);
    }
}
