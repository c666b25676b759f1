using System.Diagnostics;
using ShareKey.Firmware.ParkingLock.Hardware;

namespace ShareKey.Simulator.Hardware;

/// <summary>
/// The barrier arm, its DC motor and its two end stops, simulated in host time: driven, the arm
/// moves from one end stop to the other in <see cref="TravelMs"/>; the raised end stop is pressed
/// at the top, the lowered one at the bottom, neither in between. The physical barrier outlives a
/// power cut (hand the same instance to the lock powered on again): it stays where the cut left it.
/// Faults: a <see cref="Stuck"/> motor turns and moves nothing; <see cref="ForceDown"/> pushes a
/// raised arm down by hand; a car under the arm (<see cref="CarUnder"/>) stops a raise at
/// <see cref="CarStopsRaiseAt"/>, as a bumper would. Thread-safe: the controller drives the motor
/// with its lock held, the simulation reads the end stops from its own loop.
/// </summary>
public sealed class SimBarrier : IBarrierMotor, IEndStops
{
    /// <summary>Where a car under the arm stops a raise (0 lowered … 1 raised).</summary>
    public const double CarStopsRaiseAt = 0.3;

    private readonly object _gate = new();
    private readonly Action<string> _log;
    private double _height;
    private int _drive;
    private long _at = Stopwatch.GetTimestamp();

    /// <param name="travelMs">Milliseconds from one end stop to the other.</param>
    /// <param name="raised">Where the arm starts: raised (a new installation blocks its space) or lowered.</param>
    /// <param name="log">Each motor command and each end stop reached, for the device's log.</param>
    public SimBarrier(int travelMs, bool raised, Action<string> log)
    {
        if (travelMs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(travelMs), "a barrier takes at least a millisecond to move");
        }

        TravelMs = travelMs;
        _height = raised ? 1 : 0;
        _log = log;
    }

    public int TravelMs { get; }

    /// <summary>The motor turns but the arm does not move (a jammed gear): motions time out.</summary>
    public bool Stuck { get; set; }

    /// <summary>Whether a car is over the space now (the scripted car); null: nothing ever is.</summary>
    public Func<bool>? CarUnder { get; set; }

    /// <summary>0 lowered … 1 raised.</summary>
    public double Height
    {
        get
        {
            lock (_gate)
            {
                Advance();
                return _height;
            }
        }
    }

    /// <summary>+1 raising, −1 lowering, 0 the motor off.</summary>
    public int Drive
    {
        get
        {
            lock (_gate)
            {
                return _drive;
            }
        }
    }

    public bool IsRaised
    {
        get
        {
            lock (_gate)
            {
                Advance();
                return _height >= 1;
            }
        }
    }

    public bool IsLowered
    {
        get
        {
            lock (_gate)
            {
                Advance();
                return _height <= 0;
            }
        }
    }

    /// <summary>Where the arm is, in words, for logs and the control channel.</summary>
    public string Describe()
    {
        lock (_gate)
        {
            Advance();
            string where = _height >= 1 ? "raised" : _height <= 0 ? "lowered" : $"at {_height * 100:0} %";
            string motor = _drive > 0 ? ", motor raising" : _drive < 0 ? ", motor lowering" : string.Empty;
            return where + motor + (Stuck ? ", motor stuck" : string.Empty);
        }
    }

    public void Raise() => SetDrive(+1, "motor: raising");

    public void Lower() => SetDrive(-1, "motor: lowering");

    public void Stop() => SetDrive(0, "motor: off");

    /// <summary>The arm pushed down by force to <paramref name="height"/> (default: flat on the lowered end stop).</summary>
    public void ForceDown(double height = 0)
    {
        lock (_gate)
        {
            Advance();
            _height = Math.Clamp(height, 0, _height);
        }

        _log($"barrier: forced down to {height * 100:0} %");
    }

    /// <summary>The board lost power: the bridge is unpowered and the motor stops where the arm is.</summary>
    public void PowerLost()
    {
        lock (_gate)
        {
            Advance();
            _drive = 0;
        }
    }

    private void SetDrive(int drive, string line)
    {
        bool changed;
        lock (_gate)
        {
            Advance();
            changed = _drive != drive;
            _drive = drive;
        }

        if (changed)
        {
            _log(line);
        }
    }

    /// <summary>Moves the arm for the time since the last reading.</summary>
    private void Advance()
    {
        long now = Stopwatch.GetTimestamp();
        double elapsedMs = Stopwatch.GetElapsedTime(_at, now).TotalMilliseconds;
        _at = now;
        if (_drive == 0 || Stuck)
        {
            return;
        }

        double next = _height + (_drive * elapsedMs / TravelMs);
        if (_drive > 0 && _height <= CarStopsRaiseAt && next > CarStopsRaiseAt && CarUnder?.Invoke() == true)
        {
            next = CarStopsRaiseAt;
        }

        _height = Math.Clamp(next, 0, 1);
    }
}
