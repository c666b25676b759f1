using ShareKey.Firmware.ParkingLock;

namespace ShareKey.Simulator.Cli;

/// <summary>The lock's settings by the names <c>--lock-setting NAME=VALUE</c> takes (kebab-case of <see cref="LockSettings"/>' properties, units in the name).</summary>
public static class LockSettingNames
{
    public static readonly IReadOnlyDictionary<string, Action<LockSettings, int>> All = new Dictionary<string, Action<LockSettings, int>>(StringComparer.Ordinal)
    {
        ["sample-interval-ms"] = (s, v) => s.SampleIntervalMs = v,
        ["vehicle-below-mm"] = (s, v) => s.VehicleBelowMm = v,
        ["clear-above-mm"] = (s, v) => s.ClearAboveMm = v,
        ["filter-window"] = (s, v) => s.FilterWindow = v,
        ["filter-votes"] = (s, v) => s.FilterVotes = v,
        ["motion-timeout-ms"] = (s, v) => s.MotionTimeoutMs = v,
        ["tamper-confirm-ms"] = (s, v) => s.TamperConfirmMs = v,
        ["dwell-seconds"] = (s, v) => s.DwellSeconds = v,
        ["close-delay-seconds"] = (s, v) => s.CloseDelaySeconds = v,
        ["no-arrival-seconds"] = (s, v) => s.NoArrivalSeconds = v,
        ["max-obstructed-raises"] = (s, v) => s.MaxObstructedRaises = v,
        ["heartbeat-seconds"] = (s, v) => s.HeartbeatSeconds = v,
        ["battery-empty-mv"] = (s, v) => s.BatteryEmptyMv = v,
        ["battery-full-mv"] = (s, v) => s.BatteryFullMv = v,
        ["battery-low-percent"] = (s, v) => s.BatteryLowPercent = v,
    };
}
