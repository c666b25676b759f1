using System;
using System.Device.Gpio;
using System.Threading;
using ShareKey.Firmware.Configuration;
using ShareKey.Firmware.Diagnostics;
using ShareKey.Firmware.TBox;
using ShareKey.Firmware.Device.Ble;
using ShareKey.Firmware.Device.Boot;
using ShareKey.Firmware.Device.Hardware;
using ShareKey.Firmware.Device.Mqtt;
using ShareKey.Firmware.Device.Network;
using ShareKey.Firmware.Device.Platform;
using ShareKey.Firmware.Device.Storage;
using ShareKey.TBox.Device;
using ShareKey.TBox.Device.Boot;

namespace ShareKey.TBox
{
    /// <summary>
    /// The T-BOX firmware: configuration file → controller → BLE → network and MQTT → one tick a
    /// second. Everything it starts lives in Device/ (README.md has the map).
    /// </summary>
    public static class Program
    {
        public static void Main()
        {
            ConsoleLog log = new ConsoleLog();
            GpioController gpio = new GpioController();
            StatusLed led = new StatusLed(gpio, BoardPins.StatusLed);
            led.NotConnected();

            BoardConfig config;
            MqttUplink uplink;
            TBoxController controller;
            UnlockGattServer ble;
            try
            {
                config = ConfigFile.Load(BoardFiles.Config);
                log.Write("config: " + config.ToString());
                uplink = new MqttUplink(config.TopicUp);
                controller = new TBoxController(config, BoardParts.Create(gpio, uplink, log));
                controller.Boot();
                ble = new UnlockGattServer(config.AdvertisedName, log);
                ble.Start(controller);
            }
            catch (BoardConfigException error)
            {
                // Missing, malformed, for another board, or a password of another provisioning.
                BootHalt.Forever(log, led, error.Message);
                return;
            }
            catch (Exception error)
            {
                // Flash or radio: a reboot may clear it, and everything promised is on flash.
                BoardFault.Reboot(log, "boot", error);
                return;
            }

            StartCloud(config, uplink, led, log, controller);
            Tick(controller, ble, log);
        }

        /// <summary>The MQTT connection thread over Wi-Fi; with no Wi-Fi configured the board runs on BLE alone.</summary>
        private static void StartCloud(BoardConfig config, MqttUplink uplink, StatusLed led, IDeviceLog log, TBoxController controller)
        {
            if (config.WifiSsid.Length == 0)
            {
                log.Write("network: no wifi.ssid and no cellular data path in this firmware (README.md, Cellular): BLE only");
                return;
            }

            INetworkLink network = new WifiLink(config.WifiSsid, config.WifiPassword, config.MqttTls);
            new MqttSession(config, network, uplink, led, log).Start(controller);
        }

        /// <summary>Drives the controller's retries and checkpoints; starts advertising once the board holds an epoch key.</summary>
        private static void Tick(TBoxController controller, UnlockGattServer ble, IDeviceLog log)
        {
            while (true)
            {
                Thread.Sleep(1000);
                try
                {
                    controller.Tick();
                    if (!ble.IsAdvertising && controller.Status().ActiveEpoch != 0)
                    {
                        ble.Advertise();
                        log.Write("ble: advertising");
                    }
                }
                catch (Exception error)
                {
                    BoardFault.Reboot(log, "tick", error);
                }
            }
        }
    }
}
