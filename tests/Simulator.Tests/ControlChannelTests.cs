using System.Net;
using System.Net.Sockets;
using System.Text;
using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.Firmware.ParkingLock.Sensing;
using ShareKey.Simulator.Control;
using ShareKey.Simulator.Devices;
using ShareKey.Simulator.Tests.Support;

namespace ShareKey.Simulator.Tests;

/// <summary>
/// The control channel over real loopback TCP: a lock's car and faults driven by commands, the state
/// read back, and bad input answered with a usage line (never a dead server).
/// </summary>
public sealed class ControlChannelTests
{
    [Fact]
    public async Task Commands_drive_the_car_and_the_faults_and_status_reads_them_back()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedParkingLock parkingLock = await env.StartLockAsync(device, o => ParkingLockTests.Fast(o) with { StartRaised = false });
        await using ControlServer server = new(new ControlCommands([parkingLock]), 0, env.Log);
        server.Start();
        await using ControlClient client = await ControlClient.ConnectAsync(server.EndPoint);

        ControlReply arrived = await client.SendAsync("arrive " + parkingLock.Name);
        await parkingLock.WaitForAsync(s => s.Occupancy == Occupancy.Occupied).WaitAsync(TestTimeouts.Signal);
        ControlReply status = await client.SendAsync("status " + device.Id);
        ControlReply again = await client.SendAsync("arrive " + parkingLock.Name);
        ControlReply noise = await client.SendAsync($"noise {parkingLock.Name} 0.2");
        ControlReply stuck = await client.SendAsync($"stuck {parkingLock.Name} on");
        ControlReply battery = await client.SendAsync($"battery {parkingLock.Name} 6500");
        ControlReply off = await client.SendAsync($"power-off {parkingLock.Name}");
        ControlReply offStatus = await client.SendAsync("list");
        ControlReply on = await client.SendAsync($"power-on {parkingLock.Name}");
        await parkingLock.Online.WaitAsync(TestTimeouts.Signal);

        Assert.True(arrived.IsOk, arrived.Text);
        DeviceState state = ControlState.Of(status);
        Assert.Equal("parking-lock", state.Kind);
        Assert.Equal("occupied", state.Occupancy);
        Assert.Equal("lowered", state.Barrier);
        Assert.True(state.CarPresent);
        Assert.Equal(ControlReply.ErrorKind, again.Kind);
        Assert.True(noise.IsOk && stuck.IsOk && battery.IsOk && off.IsOk && on.IsOk, string.Join(" / ", noise, stuck, battery, off, on));
        Assert.Equal(0.2, parkingLock.Sensor.NoiseRate);
        Assert.True(parkingLock.Barrier.Stuck);
        Assert.Equal(6500, parkingLock.Battery.Millivolts);
        Assert.False(ControlState.All(offStatus)[0].Powered);
        Assert.Equal(2, parkingLock.Boots);
        Assert.Equal(BarrierPosition.Lowered, parkingLock.Status().Position);
    }

    [Fact]
    public async Task Bad_commands_get_usage_answers_and_the_connection_keeps_working()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        SimulatedParkingLock parkingLock = await env.StartLockAsync(env.NewDevice(), ParkingLockTests.Fast);
        await using ControlServer server = new(new ControlCommands([parkingLock]), 0, env.Log);
        server.Start();
        await using ControlClient client = await ControlClient.ConnectAsync(server.EndPoint);

        string[] bad = ["", "fly away", "arrive", "arrive nobody", $"noise {parkingLock.Name} 0.9", $"noise {parkingLock.Name} x", $"stuck {parkingLock.Name} maybe", $"battery {parkingLock.Name} -5", $"power-off {parkingLock.Name} now"];
        List<ControlReply> replies = [];
        foreach (string command in bad)
        {
            replies.Add(await client.SendAsync(command));
        }

        ControlReply raisedArrival = await client.SendAsync("arrive " + parkingLock.Name);
        ControlReply help = await client.SendAsync("help");

        Assert.All(replies, reply => Assert.Equal(ControlReply.UsageKind, reply.Kind));
        Assert.Equal(ControlReply.ErrorKind, raisedArrival.Kind);
        Assert.Contains("unlock it first", raisedArrival.Text, StringComparison.Ordinal);
        Assert.True(help.IsOk);
        Assert.Contains("power-off DEVICE", help.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_overlong_or_non_utf8_line_is_refused_and_the_server_serves_the_next_client()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        SimulatedParkingLock parkingLock = await env.StartLockAsync(env.NewDevice(), ParkingLockTests.Fast);
        await using ControlServer server = new(new ControlCommands([parkingLock]), 0, env.Log);
        server.Start();

        string overlong = await RawAsync(server.EndPoint, Encoding.ASCII.GetBytes(new string('x', ControlServer.MaxLineBytes + 10)));
        string binary = await RawAsync(server.EndPoint, [0xFF, 0xFE, 0x80, (byte)'\n']);
        await using ControlClient client = await ControlClient.ConnectAsync(server.EndPoint);
        ControlReply list = await client.SendAsync("list");

        Assert.StartsWith("usage a command is at most", overlong, StringComparison.Ordinal);
        Assert.StartsWith("usage a command is UTF-8 text", binary, StringComparison.Ordinal);
        Assert.True(list.IsOk);
        Assert.Equal(parkingLock.Name, ControlState.All(list)[0].Name);
    }

    [Fact]
    public async Task Ctl_exits_0_for_done_1_for_usage_and_2_when_no_simulator_listens()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        SimulatedParkingLock parkingLock = await env.StartLockAsync(env.NewDevice(), o => ParkingLockTests.Fast(o) with { StartRaised = false });
        await using ControlServer server = new(new ControlCommands([parkingLock]), 0, env.Log);
        server.Start();
        string port = server.EndPoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        int done = await Program.Main(["ctl", "--control", port, "arrive", parkingLock.Name]);
        int usage = await Program.Main(["ctl", "--control", port, "arrive"]);
        int noPort = await Program.Main(["ctl", "arrive", parkingLock.Name]);
        int refused = await Program.Main(["ctl", "--control", port, "arrive", parkingLock.Name]);
        int nobody = await Program.Main(["ctl", "--control", ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture), "list"]);

        Assert.Equal([0, 1, 1, 2, 2], [done, usage, noPort, refused, nobody]);
        Assert.True(parkingLock.Space.CarPresent);
    }

    private static async Task<string> RawAsync(IPEndPoint endPoint, byte[] bytes)
    {
        using TcpClient client = new();
        await client.ConnectAsync(endPoint);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync(bytes);
        using StreamReader reader = new(stream);
        return await reader.ReadLineAsync().WaitAsync(TestTimeouts.Signal) ?? string.Empty;
    }

    private static int ClosedPort()
    {
        using TcpListener probe = new(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
