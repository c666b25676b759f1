using System.Text;
using ShareKey.BleBridge;
using ShareKey.Phone.Bridge;
using ShareKey.Simulator.Ble;
using ShareKey.Simulator.Tests.Ble.Support;

namespace ShareKey.Simulator.Tests.Ble;

/// <summary>The GATT service over the bridge: challenge read, command write with the link's RSSI, result and fresh challenge notified.</summary>
public sealed class SessionTests
{
    [Fact]
    public async Task A_read_returns_the_challenge_exposed_at_connect()
    {
        await using BridgeFixture bridge = new();
        await using BridgeClient phone = await bridge.ConnectAsync();

        byte[]? first = await phone.ReadChallengeAsync();
        byte[]? again = await phone.ReadChallengeAsync();

        Assert.Equal("C1", Encoding.ASCII.GetString(first!));
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task A_device_without_a_key_has_no_challenge_until_it_gets_one()
    {
        await using BridgeFixture bridge = new();
        bridge.Peripheral.HasKey = false;
        await using BridgeClient phone = await bridge.ConnectAsync();

        Assert.Null(await phone.ReadChallengeAsync());
        bridge.Peripheral.HasKey = true;
        Assert.NotNull(await phone.ReadChallengeAsync());
    }

    [Fact]
    public async Task A_write_carries_the_rssi_samples_and_returns_the_result_then_a_fresh_challenge()
    {
        await using BridgeFixture bridge = new();
        await using BridgeClient phone = await bridge.ConnectAsync();
        phone.RssiDbm = -67;
        phone.SamplesPerWrite = 4;
        byte[]? challenge = await phone.ReadChallengeAsync();

        byte[] result = await phone.WriteCommandAsync([1, 2, 3]);

        Assert.Equal("R:"u8.ToArray().Concat(new byte[] { 1, 2, 3 }), result);
        Assert.Equal([-67, -67, -67, -67], bridge.Peripheral.Signals);
        byte[]? next = await phone.ReadChallengeAsync();
        Assert.Equal(next, phone.NotifiedChallenge);
        Assert.NotEqual(challenge, next);
    }

    [Fact]
    public async Task Closing_the_phone_disconnects_the_device()
    {
        await using BridgeFixture bridge = new();
        Task disconnected = bridge.Peripheral.NextDisconnect();
        BridgeClient phone = await bridge.ConnectAsync();
        await phone.ReadChallengeAsync();

        await phone.DisposeAsync();

        await disconnected.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, bridge.Peripheral.Connects);
    }

    [Fact]
    public async Task A_second_phone_is_refused_while_one_is_connected_and_served_after()
    {
        await using BridgeFixture bridge = new();
        BridgeClient first = await bridge.ConnectAsync();
        await first.ReadChallengeAsync();
        await using BridgeClient second = await bridge.ConnectAsync();

        BridgeException busy = await Assert.ThrowsAsync<BridgeException>(() => second.ReadChallengeAsync());
        Assert.Equal(BridgeErrorCode.Busy, busy.Code);

        Task disconnected = bridge.Peripheral.NextDisconnect();
        await first.DisposeAsync();
        await disconnected.WaitAsync(TimeSpan.FromSeconds(10));
        await using BridgeClient third = await bridge.ConnectAsync();
        Assert.NotNull(await third.ReadChallengeAsync());
    }

    [Fact]
    public async Task A_phone_that_connects_as_the_previous_one_hangs_up_is_served_not_refused()
    {
        await using BridgeFixture bridge = new();
        BridgeClient first = await bridge.ConnectAsync();
        await first.ReadChallengeAsync();
        await using BridgeClient next = await bridge.ConnectAsync();
        Task<byte[]?> challenge = next.ReadChallengeAsync();

        await first.DisposeAsync();

        Assert.NotNull(await challenge.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_device_fault_is_reported_as_the_devices_and_the_server_keeps_serving()
    {
        await using BridgeFixture bridge = new();
        ExpectedError fault = bridge.Environment.ExpectError(BridgeFixture.ServerCategory, "flash failed");
        bridge.Peripheral.Fault = new InvalidOperationException("flash failed");
        await using (BridgeClient phone = await bridge.ConnectAsync())
        {
            BridgeException e = await Assert.ThrowsAsync<BridgeException>(() => phone.WriteCommandAsync([1]));
            Assert.Equal(BridgeErrorCode.DeviceFault, e.Code);
        }

        Assert.Equal(1, fault.Count);
        bridge.Peripheral.Fault = null;
        await using BridgeClient next = await bridge.ConnectAsync();
        Assert.NotEmpty(await next.WriteCommandAsync([1]));
    }

    [Fact]
    public async Task An_idle_phone_is_disconnected()
    {
        await using BridgeFixture bridge = new(idleTimeout: TimeSpan.FromMilliseconds(200));
        Task disconnected = bridge.Peripheral.NextDisconnect();
        await using BridgeClient phone = await bridge.ConnectAsync();

        await disconnected.WaitAsync(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<IOException>(() => phone.ReadChallengeAsync());
        Assert.Contains(bridge.Log, entry => entry.Message.Contains("idle", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_the_server_ends_a_connected_session()
    {
        BridgeFixture bridge = new();
        Task disconnected = bridge.Peripheral.NextDisconnect();
        await using BridgeClient phone = await bridge.ConnectAsync();
        await phone.ReadChallengeAsync();

        await bridge.DisposeAsync();

        await disconnected.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
