using System.Text.Json;
using ShareKey.KeyService.Tests.Service.Support;
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

        var owner = await TestService.PostAsync<JsonElement>(service.Operator, "/v1/keys", new { type = "owner", vin = "1M8GDM9AXKP042788" });
        var retired = await TestService.PostAsync<JsonElement>(service.Operator, $"/v1/devices/{board.Id}/decommission", null);

        Assert.Equal("decommissioned", retired.GetProperty("state").GetString());
        var key = await TestService.GetAsync<JsonElement>(service.Operator, $"/v1/keys/{owner.GetProperty("key").GetProperty("id").GetString()}");
        Assert.Equal("revoked", key.GetProperty("key").GetProperty("state").GetString());
        Assert.Empty((await TestService.GetAsync<JsonElement>(service.Operator, $"/v1/devices/{board.Id}/outbox?state=pending")).EnumerateArray());
        var vehicle = await TestService.GetAsync<JsonElement>(service.Operator, "/v1/vehicles/1M8GDM9AXKP042788");
        Assert.False(vehicle.TryGetProperty("active", out _));
        await AssertProblemAsync(
            await service.Operator.PostAsync($"/v1/devices/{board.Id}/decommission", null), System.Net.HttpStatusCode.Conflict, "device-decommissioned");

        await using var client = new MqttClient(new MqttClientOptions { Host = board.Host, Port = board.Port, ClientId = board.Username, Username = board.Username, Password = board.Password });
        var refused = await Assert.ThrowsAsync<MqttConnectRefusedException>(() => client.ConnectAsync());
        // The same refusal as for a wrong password or an id that never existed (Gateway/DeviceLoginTests).
        Assert.Equal(ShareKey.Mqtt.Packets.MqttConnectReturnCode.BadUserNameOrPassword, refused.ReturnCode);
    }
}
