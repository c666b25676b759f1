using ShareKey.Protocol.Messages;
using ShareKey.Simulator.Control;
using ShareKey.Simulator.Devices;
using ShareKey.Simulator.Tests.Support;

namespace ShareKey.Simulator.Tests;

/// <summary>
/// A person (or a script) plays a car's vehicle bus over the control channel: what they send is what
/// the T-BOX reads and reports to the cloud; bad input is a usage answer that changes nothing.
/// </summary>
public sealed class CarControlTests
{
    [Fact]
    public async Task Commands_set_the_bus_the_car_reports_it_and_status_reads_it_back()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedTBox car = await env.ProvisionedCarAsync(device);
        await using ControlServer server = new(new ControlCommands([car]), 0, env.Log);
        server.Start();
        await using ControlClient client = await ControlClient.ConnectAsync(server.EndPoint);

        ControlReply[] replies =
        [
            await client.SendAsync($"soc {car.Name} 23"),
            await client.SendAsync($"cable {car.Name} charging"),
            await client.SendAsync($"speed {device.Id} 50"),
            await client.SendAsync($"ignition {car.Name} on"),
        ];
        await env.Cloud.Inbox.NextAsync<VehicleReportMessage>(device.DeviceId, r => r.StateOfCharge == 23 && r.Cable == ChargingCable.Charging && r.SpeedKmh == 50 && r.Ignition == 1);
        DeviceState state = ControlState.Of(await client.SendAsync("status " + car.Name));

        Assert.All(replies, reply => Assert.True(reply.IsOk, reply.Text));
        Assert.Contains("VEH=23,C,50,1", replies[^1].Text);
        Assert.Equal("tbox", state.Kind);
        Assert.Equal(23, state.StateOfCharge);
        Assert.Equal("charging", state.Cable);
        Assert.Equal(50, state.SpeedKmh);
        Assert.True(state.IgnitionOn);
        Assert.Equal("released", state.RemoteLock);
        Assert.False(state.Immobiliser);
    }

    [Fact]
    public async Task A_silent_bus_leaves_the_car_knowing_nothing()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedTBox car = await env.ProvisionedCarAsync(device);
        ControlCommands commands = new([car]);

        Assert.True((await commands.ExecuteAsync($"bus {car.Name} off", CancellationToken.None)).IsOk);

        await env.Cloud.Inbox.NextAsync<VehicleReportMessage>(device.DeviceId, r => r.StateOfCharge == VehicleReportMessage.Unknown && r.Cable == ChargingCable.Unknown);
    }

    [Theory]
    [InlineData("soc {0} 101")]
    [InlineData("soc {0} -3")]
    [InlineData("speed {0} fast")]
    [InlineData("ignition {0} maybe")]
    [InlineData("cable {0} hose")]
    [InlineData("cable {0}")]
    [InlineData("soc nobody 10")]
    public async Task A_bad_line_is_a_usage_answer_and_changes_nothing(string line)
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        SimulatedTBox car = await env.ProvisionedCarAsync(env.NewDevice());
        string before = car.Bus.VehicleLineNow;

        ControlReply reply = await new ControlCommands([car]).ExecuteAsync(string.Format(line, car.Name), CancellationToken.None);

        Assert.Equal(ControlReply.UsageKind, reply.Kind);
        Assert.Equal(before, car.Bus.VehicleLineNow);
    }
}
