using ShareKey.Simulator.Cli;
using ShareKey.Simulator.Devices;
using ShareKey.Simulator.Mqtt;
using ShareKey.Simulator.Tests.Support;

namespace ShareKey.Simulator.Tests;

/// <summary>The console's command line: strict options, and the devices it names read with the firmware's own parser.</summary>
public sealed class CommandLineTests : IAsyncLifetime
{
    private readonly TestEnvironment _environment = new();
    private readonly string _folder;

    public CommandLineTests() => _folder = _environment.TempFolder("sharekey-sim-cli-");

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--config")]
    [InlineData("--rssi", "-128", "--config", "x.conf")]
    [InlineData("--rssi", "5", "--config", "x.conf")]
    [InlineData("--ble-port", "70000", "--config", "x.conf")]
    [InlineData("--broker", "host:port", "--config", "x.conf")]
    [InlineData("--quiet")]
    public void A_bad_command_line_is_a_usage_error(params string[] args)
    {
        Assert.Throws<UsageException>(() => SimulatorOptions.Parse(args));
    }

    [Fact]
    public void Help_needs_no_device()
    {
        Assert.True(SimulatorOptions.Parse(["--help"]).Help);
    }

    [Fact]
    public void Options_are_read()
    {
        SimulatorOptions options = SimulatorOptions.Parse(["--config", "a.conf", "--config", "b.conf", "--broker", "10.0.0.2:1884", "--rssi", "-80", "--no-ble", "--quiet"]);

        Assert.Equal(["a.conf", "b.conf"], options.ConfigFiles);
        Assert.Equal(new BrokerAddress("10.0.0.2", 1884), options.Broker);
        Assert.Equal(-80, options.Rssi);
        Assert.False(options.Ble);
        Assert.True(options.Quiet);
    }

    [Fact]
    public async Task A_config_folder_gives_a_car_per_file_and_flash_root_a_folder_per_car()
    {
        TestDevice[] devices = [new(0x5349_4D01_0000_0001), new(0x5349_4D01_0000_0002)];
        string configs = Directory.CreateDirectory(Path.Combine(_folder, "configs")).FullName;
        foreach (TestDevice device in devices)
        {
            await File.WriteAllTextAsync(Path.Combine(configs, device.Id + ".conf"), device.ConfigText(1883));
        }

        List<SimulatedTBox> cars = [.. DeviceSet.Build(
            SimulatorOptions.Parse(["--config-dir", configs, "--flash-root", Path.Combine(_folder, "flash")]), new TestLog(_environment)).Cast<SimulatedTBox>()];

        Assert.Equal(devices.Select(d => d.DeviceId), cars.Select(c => c.DeviceId));
        Assert.Equal(Path.Combine(_folder, "flash", devices[1].Id), cars[1].Flash.Folder);
    }

    [Fact]
    public async Task A_flash_folder_holds_the_config_file()
    {
        TestDevice device = new(0x5349_4D01_0000_0003);
        string board = Directory.CreateDirectory(Path.Combine(_folder, "board")).FullName;
        await File.WriteAllTextAsync(Path.Combine(board, "sharekey.conf"), device.ConfigText(1883));

        SimulatedTBox car = Assert.IsType<SimulatedTBox>(Assert.Single(DeviceSet.Build(SimulatorOptions.Parse(["--flash", board, "--vin", "1M8GDM9AXKP042788"]), new TestLog(_environment))));

        Assert.Equal(board, car.Flash.Folder);
        Assert.Equal("1M8GDM9AXKP042788", car.Bus.Vin);
    }

    [Fact]
    public async Task The_same_car_twice_or_one_vin_for_many_cars_is_a_usage_error()
    {
        TestDevice device = new(0x5349_4D01_0000_0004);
        string file = Path.Combine(_folder, "car.conf");
        await File.WriteAllTextAsync(file, device.ConfigText(1883));
        await File.WriteAllTextAsync(Path.Combine(_folder, "other.conf"), new TestDevice(0x5349_4D01_0000_0005).ConfigText(1883));

        Assert.Throws<UsageException>(() => DeviceSet.Build(SimulatorOptions.Parse(["--config", file, "--config", file]), new TestLog(_environment)));
        Assert.Throws<UsageException>(() => DeviceSet.Build(
            SimulatorOptions.Parse(["--config", file, "--config", Path.Combine(_folder, "other.conf"), "--vin", "1M8GDM9AXKP042788"]), new TestLog(_environment)));
    }

    [Fact]
    public async Task A_file_the_board_would_not_boot_on_names_the_file_and_the_key()
    {
        string file = Path.Combine(_folder, "bad.conf");
        await File.WriteAllTextAsync(file, new TestDevice(0x5349_4D01_0000_0006).ConfigText(1883).Replace("mqtt.port=1883", "mqtt.port=0", StringComparison.Ordinal));

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => BoardConfigFile.Read(file));

        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains("mqtt.port", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_exits_1_for_usage_and_2_for_a_bad_file()
    {
        string file = Path.Combine(_folder, "bad.conf");
        await File.WriteAllTextAsync(file, "format=1\n");

        Assert.Equal(1, await Program.Main(["--bogus"]));
        Assert.Equal(2, await Program.Main(["--config", file]));
        Assert.Equal(0, await Program.Main(["--help"]));
    }

    [Fact]
    public async Task The_board_files_kind_picks_a_car_or_a_lock_and_the_lock_options_reach_the_lock()
    {
        string configs = Directory.CreateDirectory(Path.Combine(_folder, "mixed")).FullName;
        await File.WriteAllTextAsync(Path.Combine(configs, "a-car.conf"), new TestDevice(0x5349_4D01_0000_0007).ConfigText(1883));
        await File.WriteAllTextAsync(Path.Combine(configs, "b-lock.conf"), new TestDevice(0x5349_4D01_0000_0008).ConfigText(1883, kind: "parking-lock"));

        List<ISimulatedDevice> devices = DeviceSet.Build(SimulatorOptions.Parse(
        [
            "--config-dir", configs, "--vin", "1M8GDM9AXKP042788", "--lock-setting", "close-delay-seconds=7", "--lock-setting", "dwell-seconds=0",
            "--travel-ms", "900", "--lowered", "--battery-mv", "7000", "--sensor-noise", "0.15",
        ]), new TestLog(_environment));

        Assert.IsType<SimulatedTBox>(devices[0]);
        SimulatedParkingLock parkingLock = Assert.IsType<SimulatedParkingLock>(devices[1]);
        Assert.Equal(Firmware.Configuration.DeviceKind.ParkingLock, parkingLock.Kind);
        Assert.Equal(7, parkingLock.Settings.CloseDelaySeconds);
        Assert.Equal(0, parkingLock.Settings.DwellSeconds);
        Assert.Equal(900, parkingLock.Barrier.TravelMs);
        Assert.Equal(0.0, parkingLock.Barrier.Height);
        Assert.Equal(7000, parkingLock.Battery.Millivolts);
        Assert.Equal(0.15, parkingLock.Sensor.NoiseRate);
    }

    [Theory]
    [InlineData("--lock-setting", "bogus=1")]
    [InlineData("--lock-setting", "dwell-seconds")]
    [InlineData("--lock-setting", "filter-votes=2")]
    [InlineData("--sensor-noise", "0.7")]
    [InlineData("--travel-ms", "50")]
    [InlineData("--control", "70000")]
    public void A_bad_lock_option_is_a_usage_error(string option, string value)
    {
        Assert.Throws<UsageException>(() => SimulatorOptions.Parse(["--config", "x.conf", option, value]));
    }

    [Fact]
    public void Derived_identities_are_valid_and_distinct()
    {
        string[] vins = Enumerable.Range(1, 50).Select(i => SimulatedIdentity.VinFor(0x5348415245000000UL + (ulong)i)).ToArray();
        string[] imsis = Enumerable.Range(1, 50).Select(i => SimulatedIdentity.ImsiFor(0x5348415245000000UL + (ulong)i)).ToArray();

        Assert.All(vins, vin => Assert.Equal(Protocol.Identity.IdentityProblem.None, Protocol.Identity.Vin.Check(vin)));
        Assert.All(imsis, imsi => Assert.Equal(Protocol.Identity.IdentityProblem.None, Protocol.Identity.Imsi.Check(imsi)));
        Assert.Equal(50, vins.Distinct().Count());
        Assert.Equal(50, imsis.Distinct().Count());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _environment.DisposeAsync().AsTask();
}
