using System;
using System.Device.Gpio;
using ShareKey.Firmware.Board;
using ShareKey.Firmware.Configuration;
using ShareKey.Firmware.Device.Ble;
using ShareKey.Firmware.Device.Hardware;
using ShareKey.Firmware.Device.Mqtt;
using ShareKey.Firmware.Device.Network;
using ShareKey.Firmware.Device.Platform;
using ShareKey.Firmware.Device.Storage;
using ShareKey.Firmware.Diagnostics;

namespace ShareKey.Firmware.Device.Boot
{
    /// <summary>Builds a board's controller once its configuration file is read: the board's parts around the MQTT uplink.</summary>
    public delegate BoardController ControllerFactory(BoardConfig config, MqttUplink uplink);

    /// <summary>
    /// What every board's Program does around its own parts: configuration file → controller → BLE →
    /// Wi-Fi and MQTT, then the periodic tick that also starts advertising once a key is held. A
    /// fault only a person can fix (the file) halts the board; any other reboots it (everything
    /// promised is on flash).
    /// </summary>
    public sealed class BoardRuntime
    {
        private readonly IDeviceLog _log;
        private readonly StatusLed _led;
        private BoardConfig _config;
        private MqttUplink _uplink;
        private UnlockGattServer _ble;

        /// <summary>Starts the status LED blinking "not connected" on <paramref name="ledPin"/>.</summary>
        public BoardRuntime(IDeviceLog log, GpioController gpio, int ledPin)
        {
            _log = log;
            _led = new StatusLed(gpio, ledPin);
            _led.NotConnected();
        }

        /// <summary>The booted controller; null until <see cref="Boot"/> succeeded.</summary>
        public BoardController Controller { get; private set; }

        /// <summary>Reads the file, builds and boots the controller and starts the GATT server; false when the board halted or is rebooting.</summary>
        public bool Boot(ControllerFactory build)
        {
            try
            {
                _config = ConfigFile.Load(BoardFiles.Config);
                _log.Write("config: " + _config.ToString());
                _uplink = new MqttUplink(_config.TopicUp);
                Controller = build(_config, _uplink);
                Controller.Boot();
                _ble = new UnlockGattServer(_config.AdvertisedName, _log);
                _ble.Start(Controller);
                return true;
            }
            catch (BoardConfigException error)
            {
                // Missing, malformed, for another board, or a password of another provisioning.
                BootHalt.Forever(_log, _led, error.Message);
                return false;
            }
            catch (Exception error)
            {
                // Flash or radio: a reboot may clear it.
                BoardFault.Reboot(_log, "boot", error);
                return false;
            }
        }

        /// <summary>The MQTT connection thread over Wi-Fi; with no Wi-Fi configured the board runs on BLE alone.</summary>
        public void StartCloud()
        {
            if (_config.WifiSsid.Length == 0)
            {
                _log.Write("network: no wifi.ssid and no other data path in this firmware: BLE only");
                return;
            }

            INetworkLink network = new WifiLink(_config.WifiSsid, _config.WifiPassword, _config.MqttTls);
            new MqttSession(_config, network, _uplink, _led, _log).Start(Controller);
        }

        /// <summary>The controller's retries and checkpoints; starts advertising once the board holds an epoch key. A throw reboots.</summary>
        public void Tick()
        {
            try
            {
                Controller.Tick();
                if (!_ble.IsAdvertising && Controller.HoldsKey)
                {
                    _ble.Advertise();
                    _log.Write("ble: advertising");
                }
            }
            catch (Exception error)
            {
                BoardFault.Reboot(_log, "tick", error);
            }
        }
    }
}
