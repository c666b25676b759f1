using System;
using System.Collections;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;
using ShareKey.Firmware.Diagnostics;
using ShareKey.Firmware.TBox;
using ShareKey.Firmware.Uplink;
using ShareKey.TBox.Device.Platform;

namespace ShareKey.TBox.Device.Mqtt
{
    /// <summary>
    /// <see cref="IUplink"/> over the current M2Mqtt connection: publishes each frame on
    /// <c>sk/{id}/up</c> at QoS 1 and, when the broker's PUBACK arrives, tells the controller which
    /// protocol message got through. M2Mqtt's Publish only queues (its own thread sends), so this
    /// never waits for the network while the caller holds the logic's lock.
    /// </summary>
    public sealed class MqttUplink : IUplink
    {
        private readonly object _gate = new object();
        private readonly string _topic;

        // MQTT packet id (ushort) → protocol message id (uint), for frames awaiting their PUBACK.
        private readonly Hashtable _awaitingAck = new Hashtable();
        private readonly IDeviceLog _log;
        private MqttClient _client;
        private TBoxController _controller;

        public MqttUplink(string topicUp, IDeviceLog log)
        {
            _topic = topicUp;
            _log = log;
        }

        /// <summary>The controller to tell about deliveries; set once, before the first connection.</summary>
        public void Start(TBoxController controller)
        {
            _controller = controller;
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
                    // The packet id goes into the table before the PUBACK handler can look for it:
                    // that handler takes the same lock.
                    ushort packetId = _client.Publish(_topic, frame, null, null, MqttQoSLevel.AtLeastOnce, false);
                    _awaitingAck[packetId] = messageId;
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
                _awaitingAck.Clear();
                client.MqttMsgPublished += OnPublished;
            }
        }

        /// <summary>The connection is gone: publish nothing until the next <see cref="Attach"/>.</summary>
        public void Detach()
        {
            lock (_gate)
            {
                if (_client != null)
                {
                    _client.MqttMsgPublished -= OnPublished;
                }

                _client = null;
                _awaitingAck.Clear();
            }
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            object messageId;
            lock (_gate)
            {
                if (sender != _client)
                {
                    return;
                }

                messageId = _awaitingAck[e.MessageId];
                _awaitingAck.Remove(e.MessageId);
            }

            // Outside our lock: the controller takes its own, and Publish nests ours inside it.
            if (messageId == null || !e.IsPublished)
            {
                return;
            }

            try
            {
                _controller.UplinkDelivered((uint)messageId);
            }
            catch (Exception error)
            {
                // M2Mqtt would swallow it and drop the connection; the controller's contract is a reboot.
                BoardFault.Reboot(_log, "PUBACK", error);
            }
        }
    }
}
