using ShareKey.Protocol.Identity;
using ShareKey.Protocol.Messages;
using ShareKey.Simulator.Devices;
using ShareKey.Simulator.Flash;
using ShareKey.Simulator.Tests.Support;

namespace ShareKey.Simulator.Tests;

/// <summary>R4 end to end: a new car asks to bind its VIN to its IMSI until the cloud answers, then never again.</summary>
public sealed class BindingTests
{
    private const string Vin = "1M8GDM9AXKP042788";

    [Fact]
    public async Task A_bind_request_carries_the_peps_vin_and_the_modem_imsi()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedTBox car = await env.StartCarAsync(device, vin: Vin);

        BindRequestMessage request = await env.Cloud.Inbox.NextAsync<BindRequestMessage>(device.DeviceId);

        Assert.Equal(Vin, request.Vin);
        Assert.Equal(SimulatedIdentity.ImsiFor(device.DeviceId), request.Imsi);
        Assert.True(car.Status().BindPending);
    }

    [Fact]
    public async Task The_bind_result_clears_the_flag_for_good()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        BoardFlash flash = BoardFlash.InMemory();
        SimulatedTBox car = await env.StartCarAsync(device, flash, vin: Vin);
        await env.Cloud.Inbox.NextAsync<BindRequestMessage>(device.DeviceId);

        AckMessage ack = await env.Cloud.SendAndAwaitAckAsync(device, ScriptedCloud.BindResult(device, BindOutcome.Bound, Vin));

        Assert.Equal(AckStatus.Applied, ack.Status);
        Assert.False(car.Status().BindPending);
        await env.StopCarAsync(car);
        int reports = env.Cloud.Inbox.All<KeyReportMessage>(device.DeviceId).Count;
        SimulatedTBox rebooted = await env.StartCarAsync(device, flash, vin: Vin);
        await env.Cloud.Inbox.WaitAsync<KeyReportMessage>(device.DeviceId, count: reports + 1);

        // Anything the reboot sent went up before the Ack of a message sent after it (one client, one topic, QoS 1 in order).
        await env.Cloud.SendAndAwaitAckAsync(device, ScriptedCloud.TimeSync(device, ScriptedCloud.Now));
        Assert.Single(env.Cloud.Inbox.All<BindRequestMessage>(device.DeviceId));
        Assert.False(rebooted.Status().BindPending);
    }

    [Fact]
    public async Task Without_an_answer_the_request_is_sent_again_after_a_reconnect_until_one_comes()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        BoardFlash flash = BoardFlash.InMemory();
        SimulatedTBox car = await env.StartCarAsync(device, flash, vin: Vin);
        BindRequestMessage first = await env.Cloud.Inbox.NextAsync<BindRequestMessage>(device.DeviceId);
        await env.StopCarAsync(car);

        SimulatedTBox rebooted = await env.StartCarAsync(device, flash, vin: Vin);
        List<BindRequestMessage> requests = await env.Cloud.Inbox.WaitAsync<BindRequestMessage>(device.DeviceId, count: 2);
        Assert.NotEqual(first.MessageId, requests[1].MessageId);
        await env.Cloud.SendAndAwaitAckAsync(device, ScriptedCloud.BindResult(device, BindOutcome.Confirmed, Vin));

        Assert.False(rebooted.Status().BindPending);
    }

    [Fact]
    public async Task A_rejection_keeps_the_flag_and_its_reason()
    {
        await using SimEnvironment env = await SimEnvironment.StartAsync();
        TestDevice device = env.NewDevice();
        SimulatedTBox car = await env.StartCarAsync(device, vin: Vin);
        await env.Cloud.Inbox.NextAsync<BindRequestMessage>(device.DeviceId);

        await env.Cloud.SendAndAwaitAckAsync(device, ScriptedCloud.BindResult(device, BindOutcome.Rejected, Vin, (byte)IdentityProblem.VinInUse));

        Assert.True(car.Status().BindPending);
        Assert.Equal((byte)IdentityProblem.VinInUse, car.Status().BindRejectedReason);
    }
}
