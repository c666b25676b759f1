using System.Net;
using ShareKey.Firmware.Configuration;
using ShareKey.Protocol.Buffers;
using ShareKey.Simulator.Devices;
using ShareKey.Simulator.Flash;

namespace ShareKey.Simulator.Cli;

/// <summary>
/// The devices the command line names: each configuration file read with the firmware's parser, each
/// with its flash; a T-BOX or a parking lock as the file's <c>device.kind</c> says.
/// </summary>
public static class DeviceSet
{
    public static List<ISimulatedDevice> Build(SimulatorOptions options, ISimulatorLog log)
    {
        List<(BoardConfig Config, BoardFlash Flash)> boards = [];
        foreach (string folder in options.FlashFolders)
        {
            boards.Add((BoardConfigFile.Read(Path.Combine(folder, BoardFlash.ConfigFileName)), BoardFlash.InFolder(folder)));
        }

        IEnumerable<string> files = options.ConfigFiles.Concat(options.ConfigDirectories.SelectMany(Conf));
        foreach (string file in files)
        {
            BoardConfig config = BoardConfigFile.Read(file);
            BoardFlash flash = options.FlashRoot is null ? BoardFlash.InMemory() : BoardFlash.InFolder(Path.Combine(options.FlashRoot, Hex.OfId(config.DeviceId)));
            boards.Add((config, flash));
        }

        ulong[] duplicates = boards.GroupBy(b => b.Config.DeviceId).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        if (duplicates.Length > 0)
        {
            throw new UsageException($"device {Hex.OfId(duplicates[0])} is named twice");
        }

        int cars = boards.Count(b => b.Config.Kind == DeviceKind.TBox);
        if (cars > 1 && (options.Vin is not null || options.Imsi is not null))
        {
            throw new UsageException("--vin and --imsi name one car's parts: use them with one T-BOX only");
        }

        return boards.Select((board, n) => Device(options, log, board.Config, board.Flash, new IPEndPoint(IPAddress.Loopback, options.BlePort == 0 ? 0 : options.BlePort + n))).ToList();
    }

    private static ISimulatedDevice Device(SimulatorOptions options, ISimulatorLog log, BoardConfig config, BoardFlash flash, IPEndPoint ble) => config.Kind switch
    {
        DeviceKind.ParkingLock => Lock(options, log, config, flash, ble),
        _ => new SimulatedTBox(new SimulatedTBoxOptions
        {
            Config = config,
            Flash = flash,
            Vin = options.Vin,
            Imsi = options.Imsi,
            Broker = options.Broker,
            Ble = options.Ble,
            BleEndPoint = ble,
            RssiOverride = options.Rssi,
            Log = log,
        }),
    };

    private static SimulatedParkingLock Lock(SimulatorOptions options, ISimulatorLog log, BoardConfig config, BoardFlash flash, IPEndPoint ble)
    {
        SimulatedParkingLock parkingLock = new(new SimulatedParkingLockOptions
        {
            Config = config,
            Flash = flash,
            Broker = options.Broker,
            Ble = options.Ble,
            BleEndPoint = ble,
            RssiOverride = options.Rssi,
            Settings = options.LockSettings,
            TravelMs = options.TravelMs,
            StartRaised = !options.StartLowered,
            BatteryMillivolts = options.BatteryMillivolts,
            Log = log,
        });
        parkingLock.Sensor.NoiseRate = options.SensorNoise;
        return parkingLock;
    }

    private static IEnumerable<string> Conf(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new UsageException($"--config-dir {directory}: no such folder");
        }

        return Directory.EnumerateFiles(directory, "*.conf").Order(StringComparer.Ordinal);
    }
}
