using System.Net;
using ShareKey.Firmware.Configuration;
using ShareKey.Firmware.TBox;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Crypto;
using ShareKey.Simulator.Ble;
using ShareKey.Simulator.Flash;
using ShareKey.Simulator.Hardware;
using ShareKey.Simulator.Mqtt;

namespace ShareKey.Simulator.Devices;

/// <summary>
/// One simulated car's T-BOX: the real <see cref="TBoxController"/> with host parts — the MQTT
/// client, the BLE bridge, flash in a folder or in memory, a PEPS module and modem answering the
/// configured VIN and IMSI, observable relays, and a timer calling <see cref="TBoxController.Tick"/>.
/// Stopping it is a power cut: nothing more is saved (start another over the same
/// <see cref="Flash"/> to reboot).
/// </summary>
public sealed class SimulatedTBox : ISimulatedDevice
{
    private static readonly ICryptoProvider Crypto = new DotNetCryptoProvider();

    private readonly SimulatedTBoxOptions _options;
    private readonly MqttDeviceLink _mqtt;
    private readonly ControllerPeripheral _peripheral;
    private BridgeServer? _bridge;
    private Timer? _ticker;
    private bool _started;

    public SimulatedTBox(SimulatedTBoxOptions options)
    {
        _options = options;
        DeviceId = options.Config.DeviceId;
        Name = options.Config.Name;
        Source = $"{Name} {Hex.OfId(DeviceId)}";
        Flash = options.Flash ?? BoardFlash.InMemory();
        Relays = new SimRelays(line => options.Log.Info(Source, line));
        Bus = new SimVehicleBus(options.Vin ?? SimulatedIdentity.VinFor(DeviceId), options.Imsi ?? SimulatedIdentity.ImsiFor(DeviceId));
        _mqtt = new MqttDeviceLink(options.Config, options.Broker, options.Log, Source);
        Controller = new TBoxController(options.Config, new TBoxParts
        {
            Crypto = Crypto,
            Uptime = new HostClock(),
            StateFlash = Flash.State,
            EventFlash = Flash.Events,
            UplinkIdFlash = Flash.UplinkIds,
            VehicleFlash = Flash.Vehicle,
            Relays = Relays,
            Peps = Bus,
            Modem = Bus,
            Uplink = _mqtt,
            Log = new DeviceLog(options.Log, Source),
        });
        _peripheral = new ControllerPeripheral(Controller, Controller.BleSignal, options.Log, Source) { RssiOverride = options.RssiOverride };
    }

    public ulong DeviceId { get; }

    public string Name { get; }

    public DeviceKind Kind => DeviceKind.TBox;

    /// <summary>How the device names itself in the log: its name and id.</summary>
    public string Source { get; }

    public BoardFlash Flash { get; }

    public SimRelays Relays { get; }

    /// <summary>The car's PEPS module and modem; change their answers to simulate a new part.</summary>
    public SimVehicleBus Bus { get; }

    public TBoxController Controller { get; }

    /// <summary>Where phones connect (null without BLE or before start).</summary>
    public IPEndPoint? BleEndPoint => _bridge?.EndPoint;

    /// <summary>The car's RSSI knob: every phone is heard at this strength (null: as the phone reports).</summary>
    public int? RssiOverride
    {
        get => _peripheral.RssiOverride;
        set => _peripheral.RssiOverride = value;
    }

    /// <summary>Completes the first time the device is connected to the broker and subscribed.</summary>
    public Task Online => _mqtt.Online;

    public TBoxStatus Status() => Controller.Status();

    /// <summary>Boots the controller from flash, opens the BLE bridge, starts connecting and ticking. Returns without waiting for the broker (see <see cref="Online"/>).</summary>
    public Task StartAsync()
    {
        if (_started)
        {
            throw new InvalidOperationException("a simulated device starts once; make a new one over the same flash to reboot");
        }

        _started = true;
        Controller.Boot();
        if (_options.Ble)
        {
            _bridge = new BridgeServer(_peripheral, new BridgeServerOptions
            {
                EndPoint = _options.BleEndPoint,
                Log = (level, line) => LogBridge(level, line),
            });
            _bridge.Start();
            _options.Log.Info(Source, $"ble: advertising as {_options.Config.AdvertisedName} on bridge {_bridge.EndPoint}");
        }

        _mqtt.Start(Controller);
        _ticker = new Timer(_ => Tick(), null, _options.TickInterval, _options.TickInterval);
        return Task.CompletedTask;
    }

    /// <summary>Power off: the ticker, the bridge and the MQTT connection stop; flash keeps what was written.</summary>
    public async Task StopAsync()
    {
        if (_ticker is not null)
        {
            await _ticker.DisposeAsync();
            _ticker = null;
        }

        if (_bridge is not null)
        {
            await _bridge.DisposeAsync();
            _bridge = null;
        }

        await _mqtt.DisposeAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void Tick()
    {
        try
        {
            Controller.Tick();
        }
        catch (Exception e)
        {
            _options.Log.Error(Source, "tick failed", e);
        }
    }

    /// <summary>The bridge's own connect and disconnect lines repeat the device's; its warnings (a phone's malformed input) and errors do not.</summary>
    private void LogBridge(BridgeLogLevel level, string line)
    {
        switch (level)
        {
            case BridgeLogLevel.Error:
                _options.Log.Error(Source, "ble bridge: " + line);
                break;
            case BridgeLogLevel.Warning:
                _options.Log.Info(Source, "ble bridge: " + line);
                break;
        }
    }
}
