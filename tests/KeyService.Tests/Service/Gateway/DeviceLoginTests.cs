using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Mqtt.Client;
using ShareKey.Mqtt.Packets;

namespace ShareKey.KeyService.Tests.Service.Gateway;

/// <summary>Logging in to the in-process broker as a device: the refusal says nothing about which device ids exist,
/// and a device has exactly one spelling of its client id.</summary>
public sealed class DeviceLoginTests
{
    [Fact]
    public async Task An_unknown_device_id_and_a_wrong_password_get_the_same_refusal()
    {
        await using var service = await TestService.StartAsync();
        var board = await service.ProvisionAsync("car-login-1");

        var wrongPassword = await RefusalAsync(board, board.Username, board.Password[..^1] + (board.Password[^1] == '0' ? '1' : '0'));
        var unknownId = await RefusalAsync(board, $"{board.DeviceId ^ 0x00ff_0000_0000_0000UL:x16}", board.Password);

        Assert.Equal(MqttConnectReturnCode.BadUserNameOrPassword, wrongPassword);
        Assert.Equal(wrongPassword, unknownId);
    }

    [Fact]
    public async Task The_client_id_is_the_device_id_in_lower_case_and_no_other_spelling()
    {
        await using var service = await TestService.StartAsync();
        var board = await service.ProvisionAsync("car-login-2");
        var shouted = board.Username.ToUpperInvariant();
        Assert.NotEqual(board.Username, shouted);

        Assert.Equal(MqttConnectReturnCode.BadUserNameOrPassword, await RefusalAsync(board, shouted, board.Password));

        await using var device = new MqttClient(Options(board, board.Username, board.Password));
        await device.ConnectAsync();
    }

    private static MqttClientOptions Options(BoardFile board, string id, string password) =>
        new() { Host = board.Host, Port = board.Port, ClientId = id, Username = id, Password = password };

    private static async Task<MqttConnectReturnCode> RefusalAsync(BoardFile board, string id, string password)
    {
        await using var client = new MqttClient(Options(board, id, password));
        return (await Assert.ThrowsAsync<MqttConnectRefusedException>(() => client.ConnectAsync())).ReturnCode;
    }
}
