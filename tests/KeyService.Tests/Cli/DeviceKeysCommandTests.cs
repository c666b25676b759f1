using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Provisioning;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>`device keys` puts the device's KeyReport beside the cloud's keys and boxes every difference.</summary>
public sealed class DeviceKeysCommandTests(CliService service) : IClassFixture<CliService>
{
    [Fact]
    public async Task A_device_that_never_reported_shows_that_as_drift()
    {
        using var folder = new TempFolder();
        var (id, _) = await service.ProvisionAsync(folder.Path, "quiet-1");

        var run = await service.RunAsync("device", "keys", id);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("KeyReport: none yet", run.Output);
        Assert.Contains("DRIFT (1)", run.Output);
        Assert.Contains("! the device has not sent a KeyReport yet", run.Output);
    }

    [Fact]
    public async Task A_device_in_step_says_so_and_lists_its_keys_with_reported_uses()
    {
        const string vin = "5YJ3E1EA4KF317001";
        await using var car = await Fleet.OnlineAsync(service.Service, "step-1", vin);
        var (userId, holder) = await service.Service.CreateUserAsync("stepper");
        var issued = await service.JsonAsync<HeldKeyDto>("key", "issue", "--type", "owner", "--user", userId, "--vin", vin);
        var keyId = issued.Key.Id;
        var fetched = await TestService.GetAsync<HeldKeyDto>(holder, $"/v1/keys/{keyId}");
        var token = ShareKey.Protocol.Formatter.TokenCodec.Decode(Convert.FromHexString(fetched.Token!));
        car.RecordUse(token);
        car.RecordUse(token);
        await car.SendKeyReportAsync();
        await Eventually.TrueAsync(async () => (await service.JsonAsync<DeviceApi.DeviceKeysDto>("device", "keys", $"{car.Id:x16}")).Keys[0].ReportedUses is not null, "the reported uses shown");

        var run = await service.RunAsync("device", "keys", $"{car.Id:x16}");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("In step: the device's KeyReport matches the cloud's records.", run.Output);
        var row = run.Output.Split('\n').Single(line => line.Contains(keyId));
        Assert.Contains(userId, row);
        Assert.Matches(@"│\s+2\s+│", row);
    }

    [Fact]
    public async Task The_json_answer_carries_the_drift_lines()
    {
        using var folder = new TempFolder();
        var (id, _) = await service.ProvisionAsync(folder.Path, "quiet-2");

        var keys = await service.JsonAsync<DeviceApi.DeviceKeysDto>("device", "keys", id);

        Assert.Equal(["the device has not sent a KeyReport yet"], keys.Drift);
    }
}
