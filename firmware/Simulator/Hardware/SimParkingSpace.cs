using System.Diagnostics;

namespace ShareKey.Simulator.Hardware;

/// <summary>
/// The parking space under a simulated lock, with a scriptable car: it arrives and parks over the
/// sensor, and it leaves. Tests, benchmarks and the control channel drive it; the ultrasonic sensor
/// (<see cref="SimUltrasonicSensor"/>) and the barrier (a car stops a raise) read it. Outlives a
/// power cut, as a parked car does. Thread-safe.
/// </summary>
public sealed class SimParkingSpace(Action<string> log)
{
    private readonly object _gate = new();
    private bool _carPresent;
    private long _changedAt = Stopwatch.GetTimestamp();

    public bool CarPresent
    {
        get
        {
            lock (_gate)
            {
                return _carPresent;
            }
        }
    }

    /// <summary>When the car last arrived or left (a <see cref="Stopwatch"/> timestamp): the start of an occupancy latency.</summary>
    public long ChangedAt
    {
        get
        {
            lock (_gate)
            {
                return _changedAt;
            }
        }
    }

    /// <summary>A car drives in and stops over the sensor; false if one is already there.</summary>
    public bool Arrive() => Set(true, "car: arrived and parked over the sensor");

    /// <summary>The car drives away; false if the space was already empty.</summary>
    public bool Leave() => Set(false, "car: left the space");

    private bool Set(bool present, string line)
    {
        lock (_gate)
        {
            if (_carPresent == present)
            {
                return false;
            }

            _carPresent = present;
            _changedAt = Stopwatch.GetTimestamp();
        }

        log(line);
        return true;
    }
}
