using Prometheus;
using ShareKey.KeyService.Metrics;
using ShareKey.Mqtt.Broker;

namespace ShareKey.KeyService.Gateway;

/// <summary>
/// The in-process broker's connections and messages, read at each scrape. With an external broker
/// (Broker:Url) these are that broker's to report, so none are exported here.
/// </summary>
public sealed class BrokerMetrics
{
    public BrokerMetrics(MetricsRegistry metrics, IServiceProvider services)
    {
        if (services.GetService<MqttBroker>() is not { } broker)
        {
            return;
        }

        var link = services.GetRequiredService<IDeviceLink>();
        var factory = metrics.Factory;
        var devices = factory.CreateGauge("sharekey_devices_connected", "MQTT connections to the in-process broker other than the service's own device link.");
        var messages = factory.CreateCounter("sharekey_broker_messages_total", "PUBLISH packets the in-process broker received from clients (in) and wrote to them (out, resends included).", new CounterConfiguration { LabelNames = ["direction"] });
        var dropped = factory.CreateCounter("sharekey_broker_messages_dropped_total", "Messages the in-process broker dropped (a full per-client queue, or QoS 0 to a backed-up socket).");
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            var counters = broker.GetCounters();
            devices.Set(Math.Max(0, counters.ConnectionsCurrent - (link.IsConnected ? 1 : 0)));
            messages.WithLabels("in").IncTo(counters.MessagesIn);
            messages.WithLabels("out").IncTo(counters.MessagesOut);
            dropped.IncTo(counters.MessagesDropped);
        });
    }
}
