using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Broker;

/// <summary>A session that a message matched, with the QoS its subscription granted.</summary>
internal readonly record struct MqttSubscriber(MqttSession Session, MqttQualityOfService GrantedQualityOfService);
