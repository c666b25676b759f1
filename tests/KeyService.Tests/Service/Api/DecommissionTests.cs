using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.KeyService.Vehicles;
using ShareKey.Mqtt.Client;

namespace ShareKey.KeyService.Tests.Service.Api;

/// <summary>A decommissioned board loses its keys, its pending messages, its binding and its broker login.</summary>
public sealed class DecommissionTests
{
    [Fact]
    public async Task Decommissioning_revokes_keys_cancels_messages_ends_the_binding_and_closes_the_broker()
    {
        await using var service = await TestService.StartAsync();
        var board = await service.ProvisionAsync("car-d1");
        await using (var car = await ScriptedDevice.ConnectAsync(board))
        {
            await car.SendKeyReportAsync();
            await car.WaitForAsync<ShareKey.Protocol.Messages.CommitMessage>(c => c.Epoch == 1);
            await car.SendAsync(new ShareKey.Protocol.Messages.BindRequestMessage { Vin = "1M8GDM9AXKP042788", Imsi = "310150123456789" });
            await car.WaitForAsync<ShareKey.Protocol.Messages.BindResultMessage>();
        }

        var owner = await TestService.PostAsync<HeldKeyDto>(service.Operator, "/v1/keys", new { type = "owner", vin = "1M8GDM9AXKP042788" });
        var frozen = await TestService.PostAsync<HeldKeyDto>(service.Operator, "/v1/keys", new { type = "owner", vin = "1M8GDM9AXKP042788" });
        await TestService.PostAsync<KeyDto>(service.Operator, $"/v1/keys/{frozen.Key.Id}/freeze", null);
        var retired = await TestService.PostAsync<DeviceDto>(service.Operator, $"/v1/devices/{board.Id}/decommission", null);

        Assert.Equal(DeviceState.Decommissioned, retired.State);
        var key = await TestService.GetAsync<HeldKeyDto>(service.Operator, $"/v1/keys/{owner.Key.Id}");
        Assert.Equal(KeyState.Revoked, key.Key.State);
        // A frozen key goes too: lifting its freeze later must not bring a key of a retired board back.
        Assert.Equal(KeyState.Revoked, (await TestService.GetAsync<HeldKeyDto>(service.Operator, $"/v1/keys/{frozen.Key.Id}")).Key.State);
        await AssertProblemAsync(await service.Operator.PostAsync($"/v1/keys/{frozen.Key.Id}/unfreeze", null), System.Net.HttpStatusCode.Conflict, "key-revoked");
        Assert.Empty(await TestService.GetAsync<OutboxDto[]>(service.Operator, $"/v1/devices/{board.Id}/outbox?state=pending"));
        var vehicle = await TestService.GetAsync<VehicleApi.VehicleDto>(service.Operator, "/v1/vehicles/1M8GDM9AXKP042788");
        Assert.Null(vehicle.Active);
        await AssertProblemAsync(
            await service.Operator.PostAsync($"/v1/devices/{board.Id}/decommission", null), System.Net.HttpStatusCode.Conflict, "device-decommissioned");

        await using var client = new MqttClient(new MqttClientOptions { Host = board.Host, Port = board.Port, ClientId = board.Username, Username = board.Username, Password = board.Password });
        var refused = await Assert.ThrowsAsync<MqttConnectRefusedException>(() => client.ConnectAsync());
        // The same refusal as for a wrong password or an id that never existed (Gateway/DeviceLoginTests).
        Assert.Equal(ShareKey.Mqtt.Packets.MqttConnectReturnCode.BadUserNameOrPassword, refused.ReturnCode);
    }
}
