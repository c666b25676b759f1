using ShareKey.Mqtt.Client;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Client;

public sealed class ConnectTests
{
    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task Connects_with_valid_credentials_and_reports_no_session_for_a_clean_one(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var client = environment.Own(new MqttClient(TestClients.Options(environment, broker, TestUser.Device1)));

        var result = await client.ConnectAsync();

        Assert.False(result.SessionPresent);
        Assert.Equal(MqttClientState.Connected, client.State);
        await client.DisconnectAsync();
        Assert.Equal(MqttClientState.Disconnected, client.State);
    }

    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task A_wrong_password_is_refused_with_the_brokers_return_code(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var options = TestClients.Options(environment, broker, TestUser.Device1 with { Password = "wrong" });
        var client = environment.Own(new MqttClient(options));

        var refused = await Assert.ThrowsAsync<MqttConnectRefusedException>(() => client.ConnectAsync());

        Assert.Equal(broker.Expectations.BadCredentialsReturnCode, refused.ReturnCode);
        Assert.False(refused.IsWorthRetrying);
        Assert.Equal(MqttClientState.Disconnected, client.State);
    }

    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task An_unknown_user_is_refused(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var options = TestClients.Options(environment, broker, new TestUser("nobody", "secret"));
        var client = environment.Own(new MqttClient(options));

        var refused = await Assert.ThrowsAsync<MqttConnectRefusedException>(() => client.ConnectAsync());

        Assert.Equal(broker.Expectations.BadCredentialsReturnCode, refused.ReturnCode);
    }

    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task Connecting_without_credentials_is_refused(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var options = new MqttClientOptions { Host = broker.Host, Port = broker.Port, ClientId = "anonymous", Logger = new MqttErrorLog(environment) };
        var client = environment.Own(new MqttClient(options));

        var refused = await Assert.ThrowsAsync<MqttConnectRefusedException>(() => client.ConnectAsync());

        Assert.Contains(refused.ReturnCode, new[] { MqttConnectReturnCode.NotAuthorized, MqttConnectReturnCode.BadUserNameOrPassword });
    }
}
