namespace ShareKey.Mqtt.Tests.Fixtures;

public static class TestBrokers
{
    /// <summary>Theory data: every <see cref="BrokerKind"/>.</summary>
    public static TheoryData<BrokerKind> All => [.. Enum.GetValues<BrokerKind>()];

    /// <summary>A broker of <paramref name="kind"/>; ours reports its errors to <paramref name="environment"/>.</summary>
    public static Task<ITestBroker> StartAsync(BrokerKind kind, TestEnvironment environment) => kind switch
    {
        BrokerKind.Mosquitto => MosquittoTestBroker.StartAsync(),
        BrokerKind.MqttNet => MqttNetTestBroker.StartAsync(),
        BrokerKind.ShareKey => Broker.ShareKeyTestBroker.StartAsync(environment),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
