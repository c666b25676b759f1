using System.Globalization;
using System.Text.Json;
using ShareKey.Protocol.Buffers;
using ShareKey.Firmware.TBox.Hardware;
using ShareKey.Protocol.Messages;
using ShareKey.Simulator.Devices;
using ShareKey.Simulator.Hardware;

namespace ShareKey.Simulator.Control;

/// <summary>
/// The control channel's commands (<see cref="Help"/>), over the devices of one simulator process:
/// drive each lock's car, play each T-BOX's vehicle bus, inject faults, cut and restore power, read state. One command a line,
/// words separated by spaces; a device is named by its name or its 16-hex-digit id.
/// </summary>
public sealed class ControlCommands(IReadOnlyList<ISimulatedDevice> devices)
{
    public const string Help = """
        list                            every device: name, id, kind, state (JSON array)
        status DEVICE                   one device's state (JSON)
        arrive DEVICE [--anyway]        the lock's car drives in and parks over the sensor (refused while the arm is up, unless --anyway)
        leave DEVICE                    the car drives away
        noise DEVICE SHARE              sensor noise: the share of wrong readings, 0 to 0.5
        stuck DEVICE on|off             the motor jams (turns, moves nothing) or runs again
        force-down DEVICE               the raised arm is pushed down by hand (tamper)
        battery DEVICE MILLIVOLTS       the battery's voltage (with the defaults: 8400 full, 6000 empty, low below 6480)
        power-off DEVICE [--mid-motion] a power cut; --mid-motion waits (up to 30 s) until the arm is moving
        power-on DEVICE                 the power comes back: the board boots from its flash
        soc CAR PERCENT                 the car's state of charge as its vehicle bus reports it, 0..100
        cable CAR unplugged|plugged|charging   the charging cable at the car's inlet
        speed CAR KMH                   the car's speed, 0..500 (0: standing still)
        ignition CAR on|off             the car's ignition
        bus CAR on|off                  the car's vehicle bus answers, or stays silent (the T-BOX then knows nothing)
        help                            this text
        """;

    private static readonly TimeSpan MidMotionWait = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public async Task<ControlReply> ExecuteAsync(string line, CancellationToken cancellationToken)
    {
        string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return ControlReply.Usage("empty command; try help");
        }

        try
        {
            return words[0] switch
            {
                "help" => ControlReply.Ok(Help.ReplaceLineEndings(" | ")),
                "list" => Arguments(words, 1) ?? ControlReply.Ok(JsonSerializer.Serialize(devices.Select(DeviceState.Of), Json)),
                "status" => Arguments(words, 2) ?? ControlReply.Ok(JsonSerializer.Serialize(DeviceState.Of(Find(words[1])), Json)),
                "arrive" => Arrive(words),
                "leave" => Arguments(words, 2) ?? Do(Lock(words[1]), l => l.CarLeaves(), "the car left"),
                "noise" => Arguments(words, 3) ?? Noise(Lock(words[1]), words[2]),
                "stuck" => Arguments(words, 3) ?? Stuck(Lock(words[1]), words[2]),
                "force-down" => Arguments(words, 2) ?? Do(Lock(words[1]), l => l.Barrier.ForceDown(), "the arm was pushed down"),
                "battery" => Arguments(words, 3) ?? Battery(Lock(words[1]), words[2]),
                "power-off" => await PowerOffAsync(words, cancellationToken),
                "power-on" => Arguments(words, 2) ?? await PowerOnAsync(Find(words[1])),
                "soc" or "cable" or "speed" or "ignition" or "bus" => Arguments(words, 3) ?? CarBus(Car(words[1]), words[0], words[2]),
                _ => ControlReply.Usage($"unknown command '{words[0]}'; try help"),
            };
        }
        catch (UnknownDeviceException unknown)
        {
            return ControlReply.Usage(unknown.Message);
        }
        catch (Exception refused) when (refused is InvalidOperationException or TimeoutException)
        {
            return ControlReply.Error(refused.Message);
        }
    }

    private static ControlReply? Arguments(string[] words, int count) =>
        words.Length == count ? null : ControlReply.Usage($"'{words[0]}' takes {count - 1} argument(s); try help");

    private ControlReply Arrive(string[] words)
    {
        bool anyway = words.Length == 3 && words[2] == "--anyway";
        if (words.Length != 2 && !anyway)
        {
            return ControlReply.Usage("arrive DEVICE [--anyway]");
        }

        return Do(Lock(words[1]), l => l.CarArrives(anyway), "a car parked over the sensor");
    }

    private static ControlReply Noise(SimulatedParkingLock parkingLock, string text)
    {
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double share) || share > 0.5)
        {
            return ControlReply.Usage($"noise takes a share of readings from 0 to 0.5, not '{text}'");
        }

        parkingLock.Sensor.NoiseRate = share;
        return ControlReply.Ok($"{parkingLock.Name}: {share:P0} of readings wrong");
    }

    private static ControlReply Stuck(SimulatedParkingLock parkingLock, string text)
    {
        if (text is not ("on" or "off"))
        {
            return ControlReply.Usage("stuck DEVICE on|off");
        }

        parkingLock.Barrier.Stuck = text == "on";
        return ControlReply.Ok($"{parkingLock.Name}: motor {(text == "on" ? "stuck" : "free")}");
    }

    private static ControlReply Battery(SimulatedParkingLock parkingLock, string text)
    {
        if (parkingLock.Battery.Mains)
        {
            return ControlReply.Error($"{parkingLock.Name} runs on mains: it has no battery");
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int millivolts) || millivolts > 20_000)
        {
            return ControlReply.Usage($"battery takes millivolts from 0 to 20000, not '{text}'");
        }

        parkingLock.Battery.Millivolts = millivolts;
        return ControlReply.Ok($"{parkingLock.Name}: battery at {millivolts} mV");
    }

    private async Task<ControlReply> PowerOffAsync(string[] words, CancellationToken cancellationToken)
    {
        bool midMotion = words.Length == 3 && words[2] == "--mid-motion";
        if (words.Length != 2 && !midMotion)
        {
            return ControlReply.Usage("power-off DEVICE [--mid-motion]");
        }

        ISimulatedDevice device = Find(words[1]);
        if (midMotion)
        {
            SimulatedParkingLock parkingLock = Lock(words[1]);
            await parkingLock.CutPowerMidMotionAsync(MidMotionWait, cancellationToken);
            return ControlReply.Ok($"{parkingLock.Name}: power cut with the arm {parkingLock.Barrier.Describe()}");
        }

        if (device is not SimulatedParkingLock)
        {
            return ControlReply.Usage($"{device.Name} is a T-BOX: a simulated car powers off only with the whole simulator");
        }

        await device.StopAsync();
        return ControlReply.Ok($"{device.Name}: powered off");
    }

    private static async Task<ControlReply> PowerOnAsync(ISimulatedDevice device)
    {
        if (device is not SimulatedParkingLock parkingLock)
        {
            return ControlReply.Usage($"{device.Name} is a T-BOX: it is powered while the simulator runs");
        }

        await parkingLock.StartAsync();
        return ControlReply.Ok($"{parkingLock.Name}: powered on (boot #{parkingLock.Boots}), BLE bridge {parkingLock.BleEndPoint?.ToString() ?? "off"}");
    }

    private static ControlReply Do(SimulatedParkingLock parkingLock, Action<SimulatedParkingLock> act, string done)
    {
        act(parkingLock);
        return ControlReply.Ok($"{parkingLock.Name}: {done}");
    }

    /// <summary>One change to what a car's vehicle bus reports; the answer is the gateway's line as the T-BOX now reads it.</summary>
    private static ControlReply CarBus(SimulatedTBox car, string field, string value)
    {
        SimVehicleBus bus = car.Bus;
        switch (field, value)
        {
            case ("soc", _) when Whole(value, 100) is { } percent:
                bus.StateOfCharge = percent;
                break;
            case ("speed", _) when Whole(value, VehicleLine.MaxSpeedKmh) is { } kmh:
                bus.SpeedKmh = kmh;
                break;
            case ("ignition", "on" or "off"):
                bus.IgnitionOn = value == "on";
                break;
            case ("cable", "unplugged"):
                bus.Cable = ChargingCable.Unplugged;
                break;
            case ("cable", "plugged"):
                bus.Cable = ChargingCable.Plugged;
                break;
            case ("cable", "charging"):
                bus.Cable = ChargingCable.Charging;
                break;
            case ("bus", "on" or "off"):
                bus.VehicleAnswers = value == "on";
                break;
            default:
                return ControlReply.Usage($"'{field} {value}' is not a car setting; try help");
        }

        return ControlReply.Ok($"{car.Name}: the bus says {bus.VehicleLineNow}{(bus.VehicleAnswers ? string.Empty : " (but is silent)")}");
    }

    private static int? Whole(string text, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value <= max ? value : null;

    private SimulatedTBox Car(string name) =>
        Find(name) as SimulatedTBox ?? throw new UnknownDeviceException($"{name} is a parking lock; that command is for cars");

    private SimulatedParkingLock Lock(string name) =>
        Find(name) as SimulatedParkingLock ?? throw new UnknownDeviceException($"{name} is a T-BOX; that command is for parking locks");

    private ISimulatedDevice Find(string name) =>
        devices.FirstOrDefault(d => d.Name == name || Hex.OfId(d.DeviceId) == name.ToLowerInvariant())
        ?? throw new UnknownDeviceException($"no device '{name}' in this simulator (list shows them)");

    private sealed class UnknownDeviceException(string message) : Exception(message);
}
