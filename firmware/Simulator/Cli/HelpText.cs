namespace ShareKey.Simulator.Cli;

public static class HelpText
{
    public const string Usage = """
        ShareKey device simulator: runs the real board logic for T-BOXes (cars) and parking locks on this
        machine, each as its board file's device.kind says.

        usage: sharekey-sim [options]
               sharekey-sim ctl --control PORT COMMAND [ARGS...]   (drive a running simulator; COMMAND help lists them)

        devices (at least one; repeat freely):
          --config FILE          a board configuration file from `sharekey device provision`
          --config-dir DIR       every *.conf file in DIR
          --flash DIR            a board's flash folder: reads DIR/sharekey.conf, keeps its records in DIR
          --flash-root DIR       keep the records of --config/--config-dir devices in DIR/<device id>/
                                 (without it they live in memory and are lost at exit)

        every device:
          --broker HOST[:PORT]   connect here instead of each file's mqtt.host/mqtt.port
          --ble-port PORT        BLE bridge port of the first device, the next device PORT+1, …; default: any free port
          --no-ble               no BLE bridge
          --rssi DBM             every phone is heard at this strength, -127..0 (default: what the phone reports)

        the car (T-BOX):
          --vin VIN              what the PEPS module answers (one T-BOX only; default: derived from the id)
          --imsi IMSI            what the modem answers (one T-BOX only; default: derived from the id)

        the parking lock:
          --lock-setting NAME=VALUE   change a timing or threshold (repeat), e.g. close-delay-seconds=5;
                                 NAME: sample-interval-ms vehicle-below-mm clear-above-mm filter-window
                                 filter-votes motion-timeout-ms tamper-confirm-ms dwell-seconds
                                 close-delay-seconds no-arrival-seconds max-obstructed-raises
                                 heartbeat-seconds battery-empty-mv battery-full-mv battery-low-percent
          --travel-ms MS         the arm's travel between its end stops (default 2000)
          --lowered              the arm starts lowered (default: raised, the space blocked)
          --battery-mv MV        the battery's voltage at the start (default 8000); --mains: no battery
          --sensor-noise SHARE   share of wrong ultrasonic readings at the start, 0..0.5 (default 0)

        control:
          --control PORT         take commands on 127.0.0.1:PORT (0: any free port, logged): the car arrives
                                 and leaves, faults, power cuts, state. `sharekey-sim ctl --control PORT help`

        output:
          --quiet                errors only
          -h, --help             this text

        Ctrl+C (or SIGTERM) stops. Exit codes: 0 stopped, 1 usage, 2 runtime (a configuration file the board would not boot on).
        """;
}
