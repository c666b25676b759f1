using ShareKey.Firmware.ParkingLock.Closing;
using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.Firmware.ParkingLock.Sensing;

namespace ShareKey.Simulator.Control;

/// <summary>The lock's states in the words the control channel and the log use.</summary>
public static class Words
{
    public static string Of(BarrierPosition position) => position switch
    {
        BarrierPosition.Raised => "raised",
        BarrierPosition.Lowered => "lowered",
        BarrierPosition.Raising => "raising",
        BarrierPosition.Lowering => "lowering",
        _ => "unknown",
    };

    public static string Of(Occupancy occupancy) => occupancy switch
    {
        Occupancy.Free => "free",
        Occupancy.Occupied => "occupied",
        _ => "unknown",
    };

    public static string Of(AutoClosePhase phase) => phase switch
    {
        AutoClosePhase.AwaitingArrival => "awaiting-arrival",
        AutoClosePhase.Parked => "parked",
        AutoClosePhase.Leaving => "leaving",
        _ => "off",
    };
}
