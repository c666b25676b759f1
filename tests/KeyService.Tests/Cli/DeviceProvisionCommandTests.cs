using System.Text.Json.Nodes;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Provisioning;
using ShareKey.KeyService.Tests.Service.Support;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>`device provision` writes the board file once, owner-only, and never over another board's file by accident.</summary>
public sealed class DeviceProvisionCommandTests(CliService service) : IClassFixture<CliService>
{
    private static readonly string[] DocumentedKeys =
    [
        "format", "device.id", "device.kind", "device.name", "device.root-key", "mqtt.host", "mqtt.port", "mqtt.tls",
        "mqtt.client-id", "mqtt.username", "mqtt.password", "mqtt.topic-up", "mqtt.topic-down", "wifi.ssid", "wifi.password",
    ];

    [Fact]
    public async Task Writes_an_owner_only_board_file_with_the_documented_keys()
    {
        using var folder = new TempFolder();
        var file = folder.File("car-1.conf");

        var run = await service.RunAsync("device", "provision", "--kind", "tbox", "--name", "car-1", "--out", file);

        Assert.True(run.ExitCode == 0, run.ToString());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        var board = BoardFile.Parse(await File.ReadAllTextAsync(file));
        Assert.Equal(DocumentedKeys.Order(), board.Values.Keys.Order());
        Assert.Equal("tbox", board.Values["device.kind"]);
        Assert.Equal("car-1", board.Values["device.name"]);
        Assert.Contains($"MQTT username  {board.Username}", run.Output);
        Assert.Contains(file, run.Output);
        Assert.Contains(@"I:\sharekey.conf", run.Output);
        Assert.Equal([Path.GetFileName(file)], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task The_json_answer_names_the_file_and_leaves_the_secrets_in_it()
    {
        using var folder = new TempFolder();
        var file = folder.File("lock-1.conf");

        var run = await service.RunAsync("device", "provision", "--kind", "parking-lock", "--name", "lock-1", "--out", file, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var answer = run.Read<DeviceApi.ProvisionedDto>();
        Assert.Equal(DeviceKind.ParkingLock, answer.Device.Kind);
        Assert.Equal(answer.Device.Id, answer.Mqtt.Username);
        Assert.Null(answer.BoardConfig);
        Assert.Null(answer.Mqtt.Password);
        // The one member the CLI adds to the API's answer; no DTO has it.
        Assert.Equal(file, JsonNode.Parse(run.Output)!["configFile"]!.GetValue<string>());
        Assert.DoesNotContain(BoardFile.Parse(await File.ReadAllTextAsync(file)).Password, run.Output);
    }

    [Fact]
    public async Task Refuses_to_overwrite_a_file_and_provisions_nothing()
    {
        using var folder = new TempFolder();
        var file = folder.File("car-2.conf");
        await File.WriteAllTextAsync(file, "another board's file");

        var run = await service.RunAsync("device", "provision", "--kind", "tbox", "--name", "car-2", "--out", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--force", run.Error);
        Assert.Equal("another board's file", await File.ReadAllTextAsync(file));
        var devices = (await service.JsonAsync<DevicePageDto>("device", "list", "--limit", "1000")).Items;
        Assert.DoesNotContain(devices, device => device.Name == "car-2");
    }

    [Fact]
    public async Task Force_replaces_the_file_with_an_owner_only_one()
    {
        using var folder = new TempFolder();
        var file = folder.File("car-3.conf");
        await File.WriteAllTextAsync(file, "an old file");

        var run = await service.RunAsync("device", "provision", "--kind", "tbox", "--name", "car-3", "--out", file, "--force");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("car-3", BoardFile.Parse(await File.ReadAllTextAsync(file)).Values["device.name"]);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task A_name_the_service_refuses_leaves_no_file_behind()
    {
        using var folder = new TempFolder();

        var run = await service.RunAsync("device", "provision", "--kind", "tbox", "--name", new string('x', 40), "--out", folder.File("long.conf"));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error invalid-request: name: is longer than 24 characters", run.Error);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task A_missing_folder_is_a_usage_error_before_anything_is_provisioned()
    {
        using var folder = new TempFolder();

        var run = await service.RunAsync("device", "provision", "--kind", "tbox", "--name", "car-4", "--out", folder.File("nope/car-4.conf"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot write beside", run.Error);
        var devices = (await service.JsonAsync<DevicePageDto>("device", "list", "--limit", "1000")).Items;
        Assert.DoesNotContain(devices, device => device.Name == "car-4");
    }
}
