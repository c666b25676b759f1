using ShareKey.Mqtt.Client;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Client;

/// <summary>The usage example of cloud/Mqtt/Client/README.md, compiled and run, so the README cannot rot.</summary>
public sealed class ReadmeExampleTests
{
    [Fact]
    public async Task The_readme_example_runs()
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await MosquittoTestBroker.StartAsync());
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        IMqttClientLogger logger = new MqttErrorLog(environment);

        // --- README example ---
        var options = new MqttClientOptions
        {
            Host = broker.Host,
            Port = broker.Port,
            ClientId = "keyservice-1",
            Username = "admin",
            Password = "admin-secret",
            CleanSession = false,              // keep subscriptions and QoS 1 messages across reconnects
            KeepAlivePeriod = TimeSpan.FromSeconds(30),
            Logger = logger,                   // any IMqttClientLogger; the default discards
        };
        await using var client = new MqttClient(options);
        client.StateChanged += (_, change) => Console.WriteLine($"MQTT {change.State} {change.Reason?.Message}");
        client.MessageReceivedAsync = message =>
        {
            received.TrySetResult(System.Text.Encoding.UTF8.GetString(message.Payload.Span));
            return ValueTask.CompletedTask;
        };

        await client.ConnectAsync();
        var granted = await client.SubscribeAsync("sk/+/up", MqttQualityOfService.AtLeastOnce);
        await client.PublishAsync("sk/device-1/up", "hello"u8.ToArray(), MqttQualityOfService.AtLeastOnce);
        // --- end of README example ---

        Assert.Equal(MqttSubscribeReturnCode.GrantedQoS1, granted);
        Assert.Equal("hello", await received.Task.WaitAsync(Signals.Timeout));
    }
}
