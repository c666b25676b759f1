using System.Net;
using ShareKey.Firmware.Configuration;

namespace ShareKey.Simulator.Devices;

/// <summary>What every simulated board has, whatever it is: a T-BOX (<see cref="SimulatedTBox"/>) or a parking lock (<see cref="SimulatedParkingLock"/>).</summary>
public interface ISimulatedDevice : IAsyncDisposable
{
    ulong DeviceId { get; }

    string Name { get; }

    DeviceKind Kind { get; }

    /// <summary>How the device names itself in the log: its name and id.</summary>
    string Source { get; }

    /// <summary>Where phones connect (null without BLE or while powered off).</summary>
    IPEndPoint? BleEndPoint { get; }

    /// <summary>Completes the first time the device is connected to the broker and subscribed.</summary>
    Task Online { get; }

    /// <summary>Boots the board and starts connecting; returns without waiting for the broker (see <see cref="Online"/>).</summary>
    Task StartAsync();

    /// <summary>Power off: flash keeps what was written.</summary>
    Task StopAsync();
}
