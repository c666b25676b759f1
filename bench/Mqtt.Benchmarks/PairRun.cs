using System.Buffers.Binary;
using System.Diagnostics;
using ShareKey.Mqtt.Client;
using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Tests.Fixtures;

namespace ShareKey.Mqtt.Benchmarks;

/// <summary>
/// N publisher/subscriber pairs, each pair on its own topic, QoS 1 end to end. Each publisher keeps up to
/// <c>window</c> publishes in flight; each payload carries its send timestamp, so the subscriber measures
/// publish-to-delivery latency. Throughput counts messages delivered, first publish to last delivery.
/// </summary>
internal sealed class PairRun
{
    private readonly BenchTarget _target;
    private readonly BenchOptions _options;

    public PairRun(BenchTarget target, BenchOptions options)
    {
        _target = target;
        _options = options;
    }

    public async Task<BenchResult> RunAsync(int messagesPerPair, string label)
    {
        var pairs = _options.Pairs;
        var latencies = new double[pairs][];
        var received = new int[pairs];
        var remaining = pairs;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clients = new List<MqttClient>();
        try
        {
            var publishers = new MqttClient[pairs];
            for (var p = 0; p < pairs; p++)
            {
                var pair = p;
                latencies[pair] = new double[messagesPerPair];
                var subscriber = Client($"bench-sub-{pair}-{label}");
                clients.Add(subscriber);
                subscriber.MessageReceivedAsync = message =>
                {
                    var sent = BinaryPrimitives.ReadInt64LittleEndian(message.Payload.Span);
                    var count = received[pair];
                    if (count < messagesPerPair)
                    {
                        latencies[pair][count] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                    }
                    received[pair] = ++count;
                    if (count == messagesPerPair && Interlocked.Decrement(ref remaining) == 0)
                    {
                        done.TrySetResult();
                    }
                    return ValueTask.CompletedTask;
                };
                await subscriber.ConnectAsync();
                await subscriber.SubscribeAsync(Topic(pair), MqttQualityOfService.AtLeastOnce);
                publishers[pair] = Client($"bench-pub-{pair}-{label}");
                clients.Add(publishers[pair]);
                await publishers[pair].ConnectAsync();
            }

            using var timeout = new CancellationTokenSource(_options.Timeout);
            var clock = Stopwatch.StartNew();
            var publishing = publishers.Select((publisher, pair) => Task.Run(() => PublishAllAsync(publisher, pair, messagesPerPair, timeout.Token))).ToArray();
            await Task.WhenAll(publishing);
            await done.Task.WaitAsync(timeout.Token);
            clock.Stop();
            return new BenchResult(_target.Name, (long)pairs * messagesPerPair, clock.Elapsed, [.. latencies.SelectMany(l => l)]);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException(
                $"{_target.Name}: not finished within {_options.Timeout.TotalSeconds} s; delivered {received.Sum()} of " +
                $"{(long)pairs * messagesPerPair} (per pair: {string.Join(", ", received)})");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private async Task PublishAllAsync(MqttClient publisher, int pair, int messages, CancellationToken cancellationToken)
    {
        var topic = Topic(pair);
        var inFlight = new Queue<Task>(_options.Window);
        for (var i = 0; i < messages; i++)
        {
            if (inFlight.Count == _options.Window)
            {
                await inFlight.Dequeue();
            }
            var payload = new byte[_options.PayloadBytes];
            BinaryPrimitives.WriteInt64LittleEndian(payload, Stopwatch.GetTimestamp());
            inFlight.Enqueue(publisher.PublishAsync(topic, payload, MqttQualityOfService.AtLeastOnce, cancellationToken: cancellationToken));
        }
        await Task.WhenAll(inFlight);
    }

    private MqttClient Client(string clientId) => new(new MqttClientOptions
    {
        Host = "127.0.0.1",
        Port = _target.Port,
        ClientId = clientId,
        Username = TestUser.Admin.Name,
        Password = TestUser.Admin.Password,
        KeepAlivePeriod = TimeSpan.FromMinutes(5),
        MaxInFlight = _options.Window,
    });

    private static string Topic(int pair) => $"bench/{pair}";
}
