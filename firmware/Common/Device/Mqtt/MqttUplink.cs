using System;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;
using ShareKey.Firmware.Uplink;

namespace ShareKey.Firmware.Device.Mqtt
{
    /// <summary>
    /// <see cref="IUplink"/> over the current M2Mqtt connection: publishes each frame on
    /// <c>sk/{id}/up</c> at QoS 1. M2Mqtt's Publish only queues (its own thread sends), so this
    /// never waits for the network while the caller holds the logic's lock. PUBACKs are not
    /// reported: Event batches wait for the cloud's EventReceipt instead (docs/protocol.md §4.14).
    /// </summary>
    public sealed class MqttUplink : IUplink
    {
        private readonly object _gate = new object();
        private readonly string _topic;
        private MqttClient _client;

        public MqttUplink(string topicUp)
        {
            _topic = topicUp;
        }

        public bool Publish(uint messageId, byte[] frame)
        {
            lock (_gate)
            {
                if (_client == null || !_client.IsConnected)
                {
                    return false;
                }

                try
                {
                    _client.Publish(_topic, frame, null, null, MqttQoSLevel.AtLeastOnce, false);
                    return true;
                }
                catch (Exception)
                {
                    // M2Mqtt's in-flight queue is full (MqttClientException) or the connection is
                    // closing under us: not queued, and the logic resends what matters.
                    return false;
                }
            }
        }

        /// <summary>A connection is up and subscribed: publish through <paramref name="client"/>.</summary>
        public void Attach(MqttClient client)
        {
            lock (_gate)
            {
                _client = client;
            }
        }

        /// <summary>The connection is gone: publish nothing until the next <see cref="Attach"/>.</summary>
        public void Detach()
        {
            lock (_gate)
            {
                _client = null;
            }
        }
    }
}
