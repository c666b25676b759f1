using ShareKey.Mqtt.Client;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Broker;

/// <summary>A thousand real clients (<see cref="MqttClient"/>) connected at once, each talking to its neighbour.</summary>
public sealed class ManyClientsTests
{
    private const int Clients = 1_000;

    [Fact]
    public async Task A_thousand_clients_connect_subscribe_and_exchange_QoS_1_messages()
    {
        await using var broker = await TestBroker.StartAsync();
        await using var environment = new TestEnvironment();
        var clients = new MqttClient[Clients];
        var received = new int[Clients];
        var remaining = Clients;
        var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await Parallel.ForEachAsync(Enumerable.Range(0, Clients), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            var client = environment.Own(new MqttClient(new MqttClientOptions
            {
                Host = "127.0.0.1",
                Port = broker.Port,
                ClientId = $"device-{i}",
                Logger = new MqttErrorLog(environment),
                KeepAlivePeriod = TimeSpan.FromMinutes(5),
                ConnectTimeout = TestTimeouts.Signal,
            }));
            client.MessageReceivedAsync = message =>
            {
                // Each client hears exactly once from its predecessor.
                Assert.Equal((i + Clients - 1) % Clients, BitConverter.ToInt32(message.Payload.Span));
                if (Interlocked.Increment(ref received[i]) == 1 && Interlocked.Decrement(ref remaining) == 0)
                {
                    allReceived.TrySetResult();
                }
                return ValueTask.CompletedTask;
            };
            await client.ConnectAsync();
            Assert.Equal(MqttSubscribeReturnCode.GrantedQoS1, await client.SubscribeAsync($"sk/device-{i}/down", MqttQualityOfService.AtLeastOnce));
            clients[i] = client;
        });
        Assert.Equal(Clients, broker.Counters.ConnectionsCurrent);

        await Parallel.ForEachAsync(Enumerable.Range(0, Clients), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
            await clients[i].PublishAsync($"sk/device-{(i + 1) % Clients}/down", BitConverter.GetBytes(i), MqttQualityOfService.AtLeastOnce));
        await allReceived.Task.WaitAsync(TestTimeouts.Signal);

        Assert.All(received, count => Assert.Equal(1, count));
        var counters = broker.Counters;
        Assert.Equal(Clients, counters.MessagesIn);
        Assert.Equal(Clients, counters.MessagesOut);
        Assert.Equal(0, counters.MessagesDropped);
    }
}
