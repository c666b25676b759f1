namespace ShareKey.Mqtt.Tests.Fixtures;

public static class TestBrokers
{
    /// <summary>Theory data: every <see cref="BrokerKind"/>.</summary>
    public static TheoryData<BrokerKind> All => [.. Enum.GetValues<BrokerKind>()];

    public static Task<ITestBroker> StartAsync(BrokerKind kind) => kind switch
    {
        BrokerKind.Mosquitto => MosquittoTestBroker.StartAsync(),
        BrokerKind.MqttNet => MqttNetTestBroker.StartAsync(),
        BrokerKind.ShareKey => Broker.ShareKeyTestBroker.StartAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
