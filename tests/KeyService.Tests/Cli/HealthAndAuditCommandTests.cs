using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>`health` needs no token and exits 0 only when healthy; `audit list` shows what the CLI did.</summary>
public sealed class HealthAndAuditCommandTests(CliService service) : IClassFixture<CliService>
{
    [Fact]
    public async Task Health_is_ok_once_the_device_link_is_up()
    {
        CliRun? run = null;
        await Eventually.TrueAsync(async () => (run = await CliRun.OfAsync("health", "--url", service.Url)).ExitCode == 0, "health ok");

        Assert.Contains("ok", run!.Output);
        Assert.Contains("storage      sqlite, schema", run.Output);
        Assert.Contains("device link  connected", run.Output);
        var json = await CliRun.OfAsync("health", "--url", service.Url, "--json");
        Assert.Contains("\"brokerConnected\": true", json.Output);
    }

    [Fact]
    public async Task The_audit_log_shows_a_provisioning_by_the_operator()
    {
        using var folder = new TempFolder();
        var (id, _) = await service.ProvisionAsync(folder.Path, "audited-1");

        var entries = await service.JsonAsync<AuditDto[]>("audit", "list", "--action", "device.provision", "--target", $"device:{id}");
        var table = await service.RunAsync("audit", "list", "--since", DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"), "--limit", "5");

        var entry = Assert.Single(entries);
        Assert.StartsWith("user:", entry.Actor);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("device.provision", table.Output);
    }
}
