using ShareKey.Firmware.ParkingLock.Hardware;

namespace ShareKey.Firmware.Tests.ParkingLock.Support;

/// <summary>
/// The barrier arm as physics: the motor moves it between lowered (0) and raised (<see cref="TravelMs"/>)
/// at one unit per millisecond; each end stop is pressed at its end. Faults a test can inject: a
/// stuck motor, an arm held at some point (a car under it), a barrier forced down by hand.
/// Every motor call is kept in order.
/// </summary>
public sealed class BarrierModel : IBarrierMotor, IEndStops
{
    public const int TravelMs = 3000;

    private int _direction;

    /// <summary>0 lowered … <see cref="TravelMs"/> raised.</summary>
    public int Arm { get; set; } = TravelMs;

    public bool Stuck { get; set; }

    /// <summary>The arm cannot pass this point going up (null: nothing in the way).</summary>
    public int? BlockedAbove { get; set; }

    /// <summary>Both switches read pressed, whatever the arm does (a wiring fault).</summary>
    public bool ShortedEndStops { get; set; }

    public List<string> MotorCalls { get; } = [];

    public string Motor => _direction > 0 ? "raise" : _direction < 0 ? "lower" : "stop";

    public bool IsRaised => ShortedEndStops || Arm >= TravelMs;

    public bool IsLowered => ShortedEndStops || Arm <= 0;

    /// <summary>Called on every raise before the motor turns (the rig checks the space then).</summary>
    public Action? OnRaise { get; set; }

    public void Raise()
    {
        OnRaise?.Invoke();
        _direction = 1;
        MotorCalls.Add("raise");
    }

    public void Lower()
    {
        _direction = -1;
        MotorCalls.Add("lower");
    }

    public void Stop()
    {
        _direction = 0;
        MotorCalls.Add("stop");
    }

    /// <summary>Moves the arm for <paramref name="ms"/> milliseconds of motor time; true if an end stop changed.</summary>
    public bool Step(int ms)
    {
        bool raised = IsRaised;
        bool lowered = IsLowered;
        if (!Stuck && _direction != 0)
        {
            int limit = _direction > 0 ? Math.Min(TravelMs, BlockedAbove ?? TravelMs) : 0;
            Arm = _direction > 0 ? Math.Min(limit, Arm + ms) : Math.Max(0, Arm - ms);
        }

        return raised != IsRaised || lowered != IsLowered;
    }
}
