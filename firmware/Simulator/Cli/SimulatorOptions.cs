using System.Globalization;
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
                default:
                    throw new UsageException($"unknown option '{arg}'");
            }
        }

        if (!options.Help && options.ConfigFiles.Count + options.ConfigDirectories.Count + options.FlashFolders.Count == 0)
        {
            throw new UsageException("name at least one device: --config FILE, --config-dir DIR or --flash DIR");
        }

        return options;
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
