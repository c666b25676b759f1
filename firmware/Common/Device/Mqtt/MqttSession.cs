using System;
using System.Threading;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;
using ShareKey.Firmware.Configuration;
using ShareKey.Firmware.Diagnostics;
using ShareKey.Firmware.Uplink;
using ShareKey.Firmware.Device.Hardware;
using ShareKey.Firmware.Device.Network;
using ShareKey.Firmware.Device.Platform;

namespace ShareKey.Firmware.Device.Mqtt
{
    /// <summary>
    /// Keeps the board connected to the broker on its own thread: network up, CONNECT with the
    /// credentials from the configuration file, SUBSCRIBE to <c>sk/{id}/down</c> at QoS 1, run until
    /// the connection drops, then again after a <see cref="Backoff"/> wait. The controller hears
    /// <c>MqttConnected</c> once the subscription is granted, every down frame, and
    /// <c>MqttDisconnected</c> when it ends.
    /// </summary>
    /// <remarks>
    /// Clean session: the cloud's outbox re-drives every down message until it is acknowledged
    /// (docs/architecture.md §5), so a broker-held session would add nothing but down messages arriving before
    /// the subscription is confirmed — and M2Mqtt keeps session state in RAM only anyway.
    /// <c>MqttConnected</c> is called from M2Mqtt's event thread, in order with the messages, so no
    /// down frame reaches the controller before it knows it is online.
    /// </remarks>
    public sealed class MqttSession
    {
        /// <summary>PINGREQ after this long without traffic; a dead connection is noticed within about 1.5× this.</summary>
        public const ushort KeepAliveSeconds = 60;

        public const int NetworkTimeoutMilliseconds = 60000;

        public const int SubscribeTimeoutMilliseconds = 10000;

        private readonly object _gate = new object();
        private readonly BoardConfig _config;
        private readonly INetworkLink _network;
        private readonly MqttUplink _uplink;
        private readonly StatusLed _led;
        private readonly IDeviceLog _log;
        private readonly Backoff _backoff = new Backoff();
        private readonly ManualResetEvent _subscribed = new ManualResetEvent(false);
        private readonly ManualResetEvent _closed = new ManualResetEvent(false);
        private IMqttEndpoint _controller;
        private MqttClient _client;
        private bool _online;

        public MqttSession(BoardConfig config, INetworkLink network, MqttUplink uplink, StatusLed led, IDeviceLog log)
        {
            _config = config;
            _network = network;
            _uplink = uplink;
            _led = led;
            _log = log;
        }

        /// <summary>Starts the connection thread; it runs for as long as the board does.</summary>
        public void Start(IMqttEndpoint controller)
        {
            _controller = controller;
            new Thread(Run).Start();
        }

        private void Run()
        {
            while (true)
            {
                if (Connect())
                {
                    long since = Environment.TickCount64;
                    _closed.WaitOne();
                    _log.Write("mqtt: connection closed");

                    // Only a connection that held counts as recovery; one the broker drops at once
                    // (a second board with the same client id, say) keeps backing off.
                    if (Environment.TickCount64 - since > KeepAliveSeconds * 1000L)
                    {
                        _backoff.Reset();
                    }
                }

                Disconnect();
                Thread.Sleep(_backoff.Next());
            }
        }

        /// <summary>One attempt, up to a granted subscription; false (logged) when any step failed.</summary>
        private bool Connect()
        {
            if (!_network.IsUp && !_network.Connect(NetworkTimeoutMilliseconds))
            {
                _log.Write("network: " + _network.Name + " not up (" + _network.LastFailure + ")");
                return false;
            }

            MqttClient client;
            try
            {
                _subscribed.Reset();
                _closed.Reset();

                // The constructor resolves the host name, so it too can fail while the network settles.
                // With TLS the broker must present a certificate from the board file's CA (mqtt.ca-cert).
                client = new MqttClient(_config.MqttHost, _config.MqttPort, _config.MqttTls,
                    _config.MqttTls ? BrokerAuthority.From(_config) : null, null,
                    _config.MqttTls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
                client.ProtocolVersion = MqttProtocolVersion.Version_3_1_1;
                client.MqttMsgSubscribed += OnSubscribed;
                client.MqttMsgPublishReceived += OnReceived;
                client.ConnectionClosed += OnClosed;
                lock (_gate)
                {
                    _client = client;
                }

                MqttReasonCode code = client.Connect(_config.MqttClientId, _config.MqttUsername, _config.MqttPassword, true, KeepAliveSeconds);
                if (code != MqttReasonCode.Success)
                {
                    // MQTT 3.1.1 CONNACK codes: 4 bad user name or password, 5 not authorised (README.md).
                    _log.Write("mqtt: broker refused the connection, CONNACK " + ((int)code).ToString());
                    return false;
                }

                _uplink.Attach(client);
                client.Subscribe(new string[] { _config.TopicDown }, new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce });
            }
            catch (Exception error)
            {
                // Name resolution, socket, TLS handshake: the message says which.
                _log.Write("mqtt: cannot connect to " + _config.MqttHost + ":" + _config.MqttPort.ToString() + ": " + error.GetType().Name + " " + error.Message);
                return false;
            }

            bool granted = _subscribed.WaitOne(SubscribeTimeoutMilliseconds, false);
            lock (_gate)
            {
                granted = granted && _online;
            }

            if (!granted)
            {
                _log.Write("mqtt: subscription to " + _config.TopicDown + " not granted");
                return false;
            }

            return true;
        }

        /// <summary>Tears the attempt or connection down and tells the controller if it was online.</summary>
        private void Disconnect()
        {
            MqttClient client;
            lock (_gate)
            {
                client = _client;
                _client = null;
                if (_online)
                {
                    _online = false;
                    Tell(false);
                }
            }

            _uplink.Detach();
            _led.NotConnected();
            if (client != null)
            {
                client.MqttMsgSubscribed -= OnSubscribed;
                client.MqttMsgPublishReceived -= OnReceived;
                client.ConnectionClosed -= OnClosed;
                client.Dispose();
            }
        }

        /// <remarks>
        /// Runs on M2Mqtt's event thread, like <see cref="OnReceived"/>. The controller hears
        /// "connected" under the same lock as <see cref="Disconnect"/>'s "disconnected", so the two
        /// always alternate, even when a late SUBACK meets a timed-out attempt.
        /// </remarks>
        private void OnSubscribed(object sender, MqttMsgSubscribedEventArgs e)
        {
            lock (_gate)
            {
                if (sender != _client)
                {
                    return;
                }

                // 0x80 is the broker's "failure": its ACL does not let this device read the topic.
                _online = e.GrantedQoSLevels.Length == 1 && e.GrantedQoSLevels[0] != MqttQoSLevel.GrantedFailure;
                if (_online)
                {
                    _led.Connected();
                    _log.Write("mqtt: online as " + _config.MqttClientId);
                    Tell(true);
                }
            }

            _subscribed.Set();
        }

        private void OnReceived(object sender, MqttMsgPublishEventArgs e)
        {
            if (sender != _client || e.Topic != _config.TopicDown)
            {
                return;
            }

            try
            {
                _controller.MqttFrameReceived(e.Message, 0, e.Message.Length);
            }
            catch (Exception error)
            {
                // As in Tell: a reboot, not a connection M2Mqtt drops quietly.
                BoardFault.Reboot(_log, "mqtt down frame", error);
            }
        }

        private void OnClosed(object sender, EventArgs e)
        {
            if (sender == _client)
            {
                _closed.Set();
            }
        }

        /// <summary>
        /// The controller's connected/disconnected call. M2Mqtt would swallow an exception from its
        /// event thread and drop the connection, while the controller's contract is a reboot.
        /// </summary>
        private void Tell(bool connected)
        {
            try
            {
                if (connected)
                {
                    _controller.MqttConnected();
                }
                else
                {
                    _controller.MqttDisconnected();
                }
            }
            catch (Exception error)
            {
                BoardFault.Reboot(_log, connected ? "mqtt connect" : "mqtt disconnect", error);
            }
        }
    }
}
