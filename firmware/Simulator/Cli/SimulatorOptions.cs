using System.Globalization;
using ShareKey.Firmware.ParkingLock;
using ShareKey.Simulator.Mqtt;

namespace ShareKey.Simulator.Cli;

/// <summary>The console's options (see <see cref="HelpText"/>), parsed strictly: an unknown option or a bad value is a <see cref="UsageException"/>.</summary>
public sealed class SimulatorOptions
{
    public List<string> ConfigFiles { get; } = [];

    public List<string> ConfigDirectories { get; } = [];

    public List<string> FlashFolders { get; } = [];

    public string? FlashRoot { get; private set; }

    public BrokerAddress? Broker { get; private set; }

    public string? Vin { get; private set; }

    public string? Imsi { get; private set; }

    /// <summary>0: any free port.</summary>
    public int BlePort { get; private set; }

    public bool Ble { get; private set; } = true;

    public int? Rssi { get; private set; }

    public bool Quiet { get; private set; }

    /// <summary>The control channel's loopback port (0: any free port); null: no control channel.</summary>
    public int? ControlPort { get; private set; }

    /// <summary>The parking locks' settings, defaults changed by <c>--lock-setting</c>.</summary>
    public LockSettings LockSettings { get; } = new();

    public int TravelMs { get; private set; } = 2000;

    public bool StartLowered { get; private set; }

    /// <summary>Null: mains powered.</summary>
    public int? BatteryMillivolts { get; private set; } = 8000;

    public double SensorNoise { get; private set; }

    public bool Help { get; private set; }

    public static SimulatorOptions Parse(IReadOnlyList<string> args)
    {
        SimulatorOptions options = new();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            switch (arg)
            {
                case "-h" or "--help":
                    options.Help = true;
                    break;
                case "--config":
                    options.ConfigFiles.Add(Value(args, ref i));
                    break;
                case "--config-dir":
                    options.ConfigDirectories.Add(Value(args, ref i));
                    break;
                case "--flash":
                    options.FlashFolders.Add(Value(args, ref i));
                    break;
                case "--flash-root":
                    options.FlashRoot = Value(args, ref i);
                    break;
                case "--broker":
                    options.Broker = ParseBroker(Value(args, ref i));
                    break;
                case "--vin":
                    options.Vin = Value(args, ref i);
                    break;
                case "--imsi":
                    options.Imsi = Value(args, ref i);
                    break;
                case "--ble-port":
                    options.BlePort = Number(arg, Value(args, ref i), 0, 65535);
                    break;
                case "--no-ble":
                    options.Ble = false;
                    break;
                case "--rssi":
                    options.Rssi = Number(arg, Value(args, ref i), -127, 0);
                    break;
                case "--quiet":
                    options.Quiet = true;
                    break;
                case "--control":
                    options.ControlPort = Number(arg, Value(args, ref i), 0, 65535);
                    break;
                case "--lock-setting":
                    options.SetLockSetting(Value(args, ref i));
                    break;
                case "--travel-ms":
                    options.TravelMs = Number(arg, Value(args, ref i), 100, 60000);
                    break;
                case "--lowered":
                    options.StartLowered = true;
                    break;
                case "--battery-mv":
                    options.BatteryMillivolts = Number(arg, Value(args, ref i), 0, 20000);
                    break;
                case "--mains":
                    options.BatteryMillivolts = null;
                    break;
                case "--sensor-noise":
                    options.SensorNoise = Share(arg, Value(args, ref i));
                    break;
                default:
                    throw new UsageException($"unknown option '{arg}'");
            }
        }

        try
        {
            options.LockSettings.Check();
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--lock-setting: {e.Message}");
        }

        if (!options.Help && options.ConfigFiles.Count + options.ConfigDirectories.Count + options.FlashFolders.Count == 0)
        {
            throw new UsageException("name at least one device: --config FILE, --config-dir DIR or --flash DIR");
        }

        return options;
    }

    private void SetLockSetting(string text)
    {
        string[] parts = text.Split('=', 2);
        if (parts.Length != 2 || !LockSettingNames.All.TryGetValue(parts[0], out Action<LockSettings, int>? set))
        {
            throw new UsageException($"--lock-setting takes NAME=VALUE with NAME one of {string.Join(", ", LockSettingNames.All.Keys)}; not '{text}'");
        }

        set(LockSettings, Number("--lock-setting " + parts[0], parts[1], 0, 1_000_000));
    }

    private static double Share(string option, string text)
    {
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) || value > 0.5)
        {
            throw new UsageException($"{option} takes a share of readings from 0 to 0.5, not '{text}'");
        }

        return value;
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException($"{args[i]} needs a value");
        }

        return args[++i];
    }

    private static int Number(string option, string text, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            throw new UsageException($"{option} takes a whole number from {min} to {max}, not '{text}'");
        }

        return value;
    }

    private static BrokerAddress ParseBroker(string text)
    {
        try
        {
            return BrokerAddress.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--broker: {e.Message}");
        }
    }
}
