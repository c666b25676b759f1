using System.Device.Gpio;
using System.Threading;
using ShareKey.Firmware.Board;
using ShareKey.Firmware.Configuration;
using ShareKey.Firmware.Device.Boot;
using ShareKey.Firmware.Device.Mqtt;
using ShareKey.Firmware.Device.Platform;
using ShareKey.Firmware.TBox;
using ShareKey.TBox.Device;
using ShareKey.TBox.Device.Boot;

namespace ShareKey.TBox
{
    /// <summary>
    /// The T-BOX firmware: the shared board runtime (configuration file → controller → BLE → Wi-Fi
    /// and MQTT) around the T-BOX's parts, then one tick a second. Without Wi-Fi it runs on BLE
    /// alone: the cellular data path is not in this firmware (README.md, Cellular).
    /// </summary>
    public static class Program
    {
        private static readonly ConsoleLog Log = new ConsoleLog();
        private static readonly GpioController Gpio = new GpioController();

        public static void Main()
        {
            BoardRuntime board = new BoardRuntime(Log, Gpio, BoardPins.StatusLed);
            if (!board.Boot(Build))
            {
                return;
            }

            board.StartCloud();
            while (true)
            {
                Thread.Sleep(1000);
                board.Tick();
            }
        }

        private static BoardController Build(BoardConfig config, MqttUplink uplink)
        {
            return new TBoxController(config, BoardParts.Create(Gpio, uplink, Log));
        }
    }
}
