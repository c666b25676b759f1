using System.Net;
using ShareKey.Firmware.ParkingLock;
using ShareKey.Protocol.Crypto;
using ShareKey.Simulator.Ble;
using ShareKey.Simulator.Hardware;
using ShareKey.Simulator.Mqtt;

namespace ShareKey.Simulator.Devices;

/// <summary>
/// A parking lock's board while it has power: the real <see cref="ParkingLockController"/> over
/// the installation's parts, its MQTT link and BLE bridge, and the loop that stands in for the
/// board's interrupts and timers — an end-stop change as it happens, a distance reading every
/// <see cref="LockSettings.SampleIntervalMs"/>, <c>Tick</c> every 100 ms, a battery reading every
/// <see cref="SimulatedParkingLockOptions.BatteryInterval"/>. Powering off stops all of it; nothing
/// reaches the controller afterwards. One per power-on (<see cref="SimulatedParkingLock"/> makes them).
/// </summary>
internal sealed class LockBoard
{
    private const uint TickMs = 100;
    private static readonly ICryptoProvider Crypto = new DotNetCryptoProvider();

    private readonly SimulatedParkingLock _installation;
    private readonly SimulatedParkingLockOptions _options;
    private readonly HostClock _clock = new();
    private readonly MqttDeviceLink _mqtt;
    private readonly ControllerPeripheral _peripheral;
    private readonly CancellationTokenSource _stop = new();
    private BridgeServer? _bridge;
    private Task? _loop;

    public LockBoard(SimulatedParkingLock installation, SimulatedParkingLockOptions options)
    {
        _installation = installation;
        _options = options;
        _mqtt = new MqttDeviceLink(options.Config, options.Broker, options.Log, installation.Source);
        Controller = new ParkingLockController(options.Config, new ParkingLockParts
        {
            Crypto = Crypto,
            Clock = _clock,
            StateFlash = installation.Flash.State,
            EventFlash = installation.Flash.Events,
            UplinkIdFlash = installation.Flash.UplinkIds,
            BarrierFlash = installation.Flash.Barrier,
            Motor = installation.Barrier,
            EndStops = installation.Barrier,
            Uplink = _mqtt,
            Log = new DeviceLog(options.Log, installation.Source),
            Settings = options.Settings,
        });
        _peripheral = new ControllerPeripheral(Controller, Controller.BleSignal, options.Log, installation.Source) { RssiOverride = options.RssiOverride };
    }

    public ParkingLockController Controller { get; }

    public Task Online => _mqtt.Online;

    public IPEndPoint? BleEndPoint => _bridge?.EndPoint;

    public int? RssiOverride
    {
        get => _peripheral.RssiOverride;
        set => _peripheral.RssiOverride = value;
    }

    /// <summary>Boots the controller, opens the bridge at <paramref name="bleEndPoint"/>, starts connecting and the loop.</summary>
    public void PowerOn(IPEndPoint bleEndPoint)
    {
        Controller.Boot();
        if (_options.Ble)
        {
            _bridge = new BridgeServer(_peripheral, new BridgeServerOptions
            {
                EndPoint = bleEndPoint,
                Log = LogBridge,
            });
            _bridge.Start();
            _options.Log.Info(_installation.Source, $"ble: advertising as {_options.Config.AdvertisedName} on bridge {_bridge.EndPoint}");
        }

        _mqtt.Start(Controller);
        _loop = RunAsync(_stop.Token);
    }

    /// <summary>The power goes: the loop, the bridge and the MQTT link stop, then the motor (the arm stays where it is).</summary>
    public async Task PowerOffAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        if (_bridge is not null)
        {
            await _bridge.DisposeAsync();
            _bridge = null;
        }

        await _mqtt.DisposeAsync();
        _installation.Barrier.PowerLost();
        _stop.Dispose();
    }

    /// <summary>As the T-BOX's: the bridge's connect and disconnect lines repeat the device's; its warnings and errors do not.</summary>
    private void LogBridge(BridgeLogLevel level, string line)
    {
        switch (level)
        {
            case BridgeLogLevel.Error:
                _options.Log.Error(_installation.Source, "ble bridge: " + line);
                break;
            case BridgeLogLevel.Warning:
                _options.Log.Info(_installation.Source, "ble bridge: " + line);
                break;
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        // Off the caller's thread: the first step must not run inside PowerOn.
        await Task.Yield();
        using PeriodicTimer timer = new(_options.StepInterval);
        SimBarrier barrier = _installation.Barrier;
        bool raised = barrier.IsRaised;
        bool lowered = barrier.IsLowered;
        uint lastSample = _clock.UptimeMilliseconds;
        uint lastTick = lastSample;
        uint lastBattery = lastSample - (uint)_options.BatteryInterval.TotalMilliseconds;
        uint sampleMs = (uint)_options.Settings.SampleIntervalMs;
        uint batteryMs = (uint)_options.BatteryInterval.TotalMilliseconds;
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    uint now = _clock.UptimeMilliseconds;
                    bool nowRaised = barrier.IsRaised;
                    bool nowLowered = barrier.IsLowered;
                    if (nowRaised != raised || nowLowered != lowered)
                    {
                        raised = nowRaised;
                        lowered = nowLowered;
                        _options.Log.Info(_installation.Source, "end stops: " + (raised ? lowered ? "BOTH pressed" : "raised pressed" : lowered ? "lowered pressed" : "neither pressed"));
                        Controller.EndStopChanged();
                    }

                    if (now - lastSample >= sampleMs)
                    {
                        lastSample += sampleMs * ((now - lastSample) / sampleMs);
                        Controller.DistanceMeasured(_installation.Sensor.Read());
                    }

                    if (now - lastTick >= TickMs)
                    {
                        lastTick = now;
                        Controller.Tick();
                    }

                    if (!_installation.Battery.Mains && now - lastBattery >= batteryMs)
                    {
                        lastBattery = now;
                        Controller.BatteryMeasured(_installation.Battery.Millivolts);
                    }

                    _installation.StepDone(Controller);
                }
                catch (Exception e)
                {
                    _options.Log.Error(_installation.Source, "lock step failed", e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Powered off.
        }
    }
}
