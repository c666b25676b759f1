using System.Text;
using System.Threading.Channels;
using ShareKey.Mqtt.Client;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Tests.Client;

/// <summary>The message handler runs apart from the read loop (see MessageDispatcher), or on it without a receive queue.</summary>
public sealed class SlowHandlerTests
{
    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task A_blocked_handler_does_not_stop_acknowledgements_or_requests(BrokerKind kind)
    {
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var client = environment.Own(new MqttClient(TestClients.Options(environment, broker, TestUser.Admin)));
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.MessageReceivedAsync = async _ =>
        {
            entered.TrySetResult();
            await release.Task;
        };
        await client.ConnectAsync();
        await client.SubscribeAsync("sk/device-1/up", MqttQualityOfService.AtLeastOnce);
        await client.PublishTextAsync("sk/device-1/up", "blocks the handler");
        await entered.Task.WaitAsync(Signals.Timeout);

        // Both need the read loop to take in PUBACK / SUBACK while the handler is still stuck.
        await client.PublishTextAsync("sk/device-1/other", "acknowledged anyway").WaitAsync(Signals.Timeout);
        await client.SubscribeAsync("sk/device-1/more", MqttQualityOfService.AtLeastOnce).WaitAsync(Signals.Timeout);

        release.SetResult();
    }

    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task A_full_receive_queue_pauses_reading_without_losing_the_connection_or_messages(BrokerKind kind)
    {
        const int count = 20;
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var proxy = environment.Own(new TcpFaultProxy(broker.Host, broker.Port));
        var options = TestClients.Options(environment, proxy.Host, proxy.Port, TestUser.Admin) with
        {
            ReceiveQueueCapacity = 1,
            KeepAlivePeriod = TimeSpan.FromSeconds(2),
            PingResponseTimeout = TimeSpan.FromSeconds(2),
        };
        var client = environment.Own(new MqttClient(options));
        var received = Channel.CreateUnbounded<string>();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.MessageReceivedAsync = async message =>
        {
            received.Writer.TryWrite(Encoding.UTF8.GetString(message.Payload.Span));
            await release.Task;
        };
        var changes = 0;
        await client.ConnectAsync();
        client.StateChanged += (_, _) => Interlocked.Increment(ref changes);
        await client.SubscribeAsync("sk/device-1/up", MqttQualityOfService.AtLeastOnce);
        var publisher = await TestClients.ConnectAsync(environment, broker, TestUser.Device1);
        for (var i = 0; i < count; i++)
        {
            await publisher.PublishTextAsync("sk/device-1/up", $"m{i}");
        }

        await received.Reader.ReadAsync().AsTask().WaitAsync(Signals.Timeout);
        // As many answered pings as the idle test waits for (about 9 s): long enough for either broker to drop
        // a client that stopped sending PINGREQ while its read loop is paused, and for a client that mistook
        // the pause for a dead broker to give up. The PINGRESPs sit unread behind the paused reader.
        var pingsSoFar = proxy.PingResponses;
        await proxy.WaitForPingResponsesAsync(pingsSoFar + KeepAliveTests.IdlePings, KeepAliveTests.PingsTimeout);
        release.SetResult();

        var rest = new List<string>();
        for (var i = 1; i < count; i++)
        {
            rest.Add(await received.Reader.ReadAsync().AsTask().WaitAsync(Signals.Timeout));
        }

        Assert.Equal(Enumerable.Range(1, count - 1).Select(i => $"m{i}"), rest);
        Assert.Equal(MqttClientState.Connected, client.State);
        Assert.Equal(0, Volatile.Read(ref changes)); // no reconnect, which would have lost the queued messages
    }

    [Theory]
    [MemberData(nameof(TestBrokers.All), MemberType = typeof(TestBrokers))]
    public async Task Without_a_receive_queue_the_read_loop_runs_the_handler_in_order_and_survives_its_failures(BrokerKind kind)
    {
        const int count = 6;
        await using var environment = new TestEnvironment();
        var broker = environment.Own(await TestBrokers.StartAsync(kind, environment));
        var options = TestClients.Options(environment, broker, TestUser.Admin) with { ReceiveQueueCapacity = 0 };
        var client = environment.Own(new MqttClient(options));
        var received = Channel.CreateUnbounded<string>();
        var failure = environment.ExpectError(MqttErrorLog.Client, "The message handler threw");
        client.MessageReceivedAsync = async message =>
        {
            var text = Encoding.UTF8.GetString(message.Payload.Span);
            received.Writer.TryWrite(text);
            switch (text)
            {
                case "m1":
                    throw new InvalidOperationException("fails before its first await");
                case "m3":
                    await Task.Delay(50);
                    break;
                case "m4":
                    await Task.Yield();
                    throw new InvalidOperationException("fails after an await");
            }
        };
        await client.ConnectAsync();
        await client.SubscribeAsync("sk/device-1/up", MqttQualityOfService.AtLeastOnce);
        var publisher = await TestClients.ConnectAsync(environment, broker, TestUser.Device1);
        for (var i = 0; i < count; i++)
        {
            await publisher.PublishTextAsync("sk/device-1/up", $"m{i}");
        }

        var all = new List<string>();
        for (var i = 0; i < count; i++)
        {
            all.Add(await received.Reader.ReadAsync().AsTask().WaitAsync(Signals.Timeout));
        }

        // Its own publish is acknowledged through the same read loop, so the loop is still reading.
        await client.PublishTextAsync("sk/device-1/other", "after the handler's failures").WaitAsync(Signals.Timeout);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"m{i}"), all);
        Assert.Equal(MqttClientState.Connected, client.State);
        Assert.Equal(2, failure.Count);
    }
}
