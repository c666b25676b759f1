using System.Net;
using ShareKey.Firmware.Configuration;
using ShareKey.Firmware.ParkingLock;
using ShareKey.Simulator.Flash;
using ShareKey.Simulator.Mqtt;

namespace ShareKey.Simulator.Devices;

public sealed record SimulatedParkingLockOptions
{
    /// <summary>The board's configuration file, as <c>sharekey device provision --kind parking-lock</c> wrote it.</summary>
    public required BoardConfig Config { get; init; }

    /// <summary>The board's flash; in memory when null. It outlives every power cut of this lock.</summary>
    public BoardFlash? Flash { get; init; }

    /// <summary>Overrides the configuration file's broker address.</summary>
    public BrokerAddress? Broker { get; init; }

    public bool Ble { get; init; } = true;

    /// <summary>Where the BLE bridge listens; loopback and an ephemeral port by default (kept across power cuts).</summary>
    public IPEndPoint BleEndPoint { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>When set, the lock hears every phone at this strength (dBm) whatever the phone reports.</summary>
    public int? RssiOverride { get; init; }

    /// <summary>The lock's timings and thresholds (auto-close, filter, motion timeout…); the board's defaults when not set.</summary>
    public LockSettings Settings { get; init; } = new();

    /// <summary>Milliseconds the simulated arm takes from one end stop to the other.</summary>
    public int TravelMs { get; init; } = 2000;

    /// <summary>Where a new installation's arm starts: raised (the space blocked), or lowered.</summary>
    public bool StartRaised { get; init; } = true;

    /// <summary>The battery's voltage at the start (8000 mV ≈ 83 % with the default 6.0–8.4 V range); null: mains powered, no battery readings.</summary>
    public int? BatteryMillivolts { get; init; } = 8000;

    /// <summary>How often the battery is read (the board: about once a minute; sooner here, so a drained battery shows within seconds).</summary>
    public TimeSpan BatteryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The seed of the sensor's noise (null: derived from the device id), so a noisy run can be replayed.</summary>
    public int? SensorSeed { get; init; }

    /// <summary>How often the simulation moves the arm and checks the end stops; readings and ticks follow the board's own rates.</summary>
    public TimeSpan StepInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    public required ISimulatorLog Log { get; init; }
}
