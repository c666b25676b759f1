using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Provisioning;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>`device list|show|events|outbox|decommission` render the API's records, and --json is the API's JSON.</summary>
public sealed class DeviceCommandsTests(PatientCliService service) : IClassFixture<PatientCliService>
{
    [Fact]
    public async Task List_filters_by_kind_and_shows_a_table()
    {
        using var folder = new TempFolder();
        var (carId, _) = await service.ProvisionAsync(folder.Path, "list-car");
        var (lockId, _) = await service.ProvisionAsync(folder.Path, "list-lock", "parking-lock");

        var locks = (await service.JsonAsync<DevicePageDto>("device", "list", "--kind", "parking-lock")).Items;
        var table = await service.RunAsync("device", "list", "--state", "active");

        Assert.All(locks, device => Assert.Equal(DeviceKind.ParkingLock, device.Kind));
        Assert.Contains(locks, device => device.Id == lockId);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains(table.Output.Split('\n'), line => line.Contains(carId) && line.Contains("list-car") && line.Contains("tbox"));
        var firstPage = await service.JsonAsync<DevicePageDto>("device", "list", "--limit", "1");
        Assert.Contains($"More: --after {firstPage.NextAfter}", (await service.RunAsync("device", "list", "--limit", "1")).Output);
        Assert.DoesNotContain(firstPage.Items[0].Id, (await service.RunAsync("device", "list", "--after", firstPage.NextAfter!)).Output);
    }

    [Fact]
    public async Task Show_tells_that_no_rotation_is_confirmed_yet()
    {
        using var folder = new TempFolder();
        var (id, _) = await service.ProvisionAsync(folder.Path, "show-1");

        var run = await service.RunAsync("device", "show", id);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("no key rotation confirmed yet", run.Output);
        Assert.Contains("epoch 0 → 1, sending, provision", run.Output);
        Assert.Contains("key report", run.Output);
    }

    [Fact]
    public async Task Outbox_lists_the_first_rotate_and_events_what_the_device_sent()
    {
        using var folder = new TempFolder();
        var (id, _) = await service.ProvisionAsync(folder.Path, "outbox-1");

        var pending = await service.JsonAsync<OutboxDto[]>("device", "outbox", id, "--state", "pending");
        var events = await service.RunAsync("device", "events", id, "--limit", "5");

        var message = Assert.Single(pending);
        Assert.Equal("Rotate", message.Type);
        Assert.Equal(0, events.ExitCode);
        Assert.Contains("RECEIVED", events.Output);
    }

    [Fact]
    public async Task Decommission_needs_yes_when_it_cannot_ask()
    {
        using var folder = new TempFolder();
        var (id, _) = await service.ProvisionAsync(folder.Path, "retire-1");

        var unconfirmed = await service.RunAsync("device", "decommission", id);
        var confirmed = await service.RunAsync("device", "decommission", id, "--yes");

        Assert.Equal(1, unconfirmed.ExitCode);
        Assert.Contains("add --yes", unconfirmed.Error);
        Assert.Equal(0, confirmed.ExitCode);
        Assert.Contains($"Device {id}", confirmed.Output);
        Assert.Contains("is decommissioned since", confirmed.Output);
        var device = await service.JsonAsync<DeviceApi.DeviceDetailsDto>("device", "show", id);
        Assert.Equal(DeviceState.Decommissioned, device.Device.State);
    }
}
