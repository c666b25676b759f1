using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Broker;

/// <summary>A QoS 1/2 message waiting for room in a client's in-flight window or for the client to come back.</summary>
internal readonly record struct MqttQueuedDelivery(MqttApplicationMessage Message, MqttQualityOfService QualityOfService, bool Retain);
