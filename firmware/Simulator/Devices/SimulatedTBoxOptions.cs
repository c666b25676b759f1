using System.Net;
using ShareKey.Firmware.Configuration;
using ShareKey.Simulator.Flash;
using ShareKey.Simulator.Mqtt;

namespace ShareKey.Simulator.Devices;

public sealed record SimulatedTBoxOptions
{
    /// <summary>The board's configuration file, as <c>sharekey device provision</c> wrote it.</summary>
    public required BoardConfig Config { get; init; }

    /// <summary>The board's flash; in memory when null. Hand the same instance to a new device to simulate a reboot.</summary>
    public BoardFlash? Flash { get; init; }

    /// <summary>What the PEPS module answers; derived from the device id when null (<see cref="SimulatedIdentity"/>).</summary>
    public string? Vin { get; init; }

    /// <summary>What the modem answers; derived from the device id when null.</summary>
    public string? Imsi { get; init; }

    /// <summary>Overrides the configuration file's broker address.</summary>
    public BrokerAddress? Broker { get; init; }

    /// <summary>Serve the BLE bridge (off for fleet benchmarks, where nobody unlocks).</summary>
    public bool Ble { get; init; } = true;

    /// <summary>Where the BLE bridge listens; loopback and an ephemeral port by default.</summary>
    public IPEndPoint BleEndPoint { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>When set, the car hears every phone at this strength (dBm) whatever the phone reports.</summary>
    public int? RssiOverride { get; init; }

    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(1);

    public required ISimulatorLog Log { get; init; }
}
