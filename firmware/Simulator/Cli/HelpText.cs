namespace ShareKey.Simulator.Cli;

public static class HelpText
{
    public const string Usage = """
        ShareKey T-BOX simulator: runs the real T-BOX logic for one or more cars on this machine.

        usage: sharekey-sim [options]

        devices (at least one; repeat freely):
          --config FILE          a board configuration file from `sharekey device provision`
          --config-dir DIR       every *.conf file in DIR
          --flash DIR            a board's flash folder: reads DIR/sharekey.conf, keeps its records in DIR
          --flash-root DIR       keep the records of --config/--config-dir devices in DIR/<device id>/
                                 (without it they live in memory and are lost at exit)

        the car:
          --broker HOST[:PORT]   connect here instead of each file's mqtt.host/mqtt.port
          --vin VIN              what the PEPS module answers (one device only; default: derived from the id)
          --imsi IMSI            what the modem answers (one device only; default: derived from the id)
          --ble-port PORT        BLE bridge port of the first device, the next device PORT+1, …; default: any free port
          --no-ble               no BLE bridge
          --rssi DBM             every phone is heard at this strength, -127..0 (default: what the phone reports)

        output:
          --quiet                errors only
          -h, --help             this text

        Ctrl+C (or SIGTERM) stops. Exit codes: 0 stopped, 1 usage, 2 runtime (a configuration file the board would not boot on).
        """;
}
