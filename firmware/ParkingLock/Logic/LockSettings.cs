namespace ShareKey.Firmware.ParkingLock
{
    /// <summary>
    /// The lock's timings and thresholds, with the defaults a new board runs. The device layer and
    /// the simulator may change them before building the controller; <see cref="Check"/> refuses
    /// values the safety rules cannot work with.
    /// </summary>
    public sealed class LockSettings
    {
        /// <summary>How often the board measures the distance; the occupancy filter counts samples, so its latency is a multiple of this.</summary>
        public int SampleIntervalMs { get; set; } = 250;

        /// <summary>A reading at or below this (and above 0) is a vehicle over the sensor.</summary>
        public int VehicleBelowMm { get; set; } = 800;

        /// <summary>A reading at or above this, or no echo (0), is an empty space; readings in between do not vote (the distance hysteresis band).</summary>
        public int ClearAboveMm { get; set; } = 1200;

        /// <summary>Readings the occupancy filter looks back over.</summary>
        public int FilterWindow { get; set; } = 8;

        /// <summary>Votes of the window needed to change the reported occupancy (the count hysteresis).</summary>
        public int FilterVotes { get; set; } = 6;

        /// <summary>Longest a motion may take to reach its end stop: beyond it, raising is an obstruction and lowering a motor fault.</summary>
        public int MotionTimeoutMs { get; set; } = 6000;

        /// <summary>How long the raised end stop must stay open, the motor off, before it counts as the barrier forced down (switch bounce is shorter).</summary>
        public int TamperConfirmMs { get; set; } = 300;

        /// <summary>A car must stay this long before its leaving closes the space (a car turning over the sensor does not).</summary>
        public int DwellSeconds { get; set; } = 30;

        /// <summary>After the parked car left, the barrier raises once the space has been free this long (market products: 50–70 s).</summary>
        public int CloseDelaySeconds { get; set; } = 60;

        /// <summary>After an unlock, the barrier raises again if no car has arrived within this time.</summary>
        public int NoArrivalSeconds { get; set; } = 180;

        /// <summary>Automatic raises stopped by an obstruction in a row, after which the lock waits for a command instead of trying again.</summary>
        public int MaxObstructedRaises { get; set; } = 3;

        /// <summary>Occupancy (and battery) heartbeat interval while online.</summary>
        public int HeartbeatSeconds { get; set; } = 600;

        /// <summary>Battery voltage (after the divider is undone) that counts as empty; 0 on a mains-powered lock (no battery readings).</summary>
        public int BatteryEmptyMv { get; set; } = 6000;

        /// <summary>Battery voltage that counts as full.</summary>
        public int BatteryFullMv { get; set; } = 8400;

        /// <summary>Below this state of charge a low-battery event is logged (once until the level is back at <see cref="BatteryLowPercent"/> + 5).</summary>
        public int BatteryLowPercent { get; set; } = 20;

        /// <summary>Throws <see cref="System.ArgumentException"/> naming the first setting out of its range.</summary>
        public void Check()
        {
            Require(SampleIntervalMs >= 50 && SampleIntervalMs <= 1000, "sample interval 50..1000 ms");
            Require(VehicleBelowMm > 0 && ClearAboveMm > VehicleBelowMm && ClearAboveMm <= 4000, "0 < vehicle distance < clear distance <= 4000 mm");
            Require(FilterWindow >= 2 && FilterWindow <= 32, "filter window 2..32 readings");
            Require(FilterVotes * 2 > FilterWindow && FilterVotes <= FilterWindow, "filter votes more than half the window, at most all of it");
            Require(MotionTimeoutMs >= 500 && MotionTimeoutMs <= 60000, "motion timeout 500..60000 ms");
            Require(TamperConfirmMs >= 0 && TamperConfirmMs < MotionTimeoutMs, "tamper confirmation 0..motion timeout");
            Require(DwellSeconds >= 0 && CloseDelaySeconds >= 0 && NoArrivalSeconds > 0 && HeartbeatSeconds > 0, "non-negative dwell and delay, positive timeouts");
            Require(MaxObstructedRaises >= 1, "at least one raise attempt");
            Require(BatteryEmptyMv == 0 || BatteryFullMv > BatteryEmptyMv, "battery full above empty");
            Require(BatteryLowPercent > 0 && BatteryLowPercent < 95, "low battery 1..94 %");
        }

        private static void Require(bool ok, string rule)
        {
            if (!ok)
            {
                throw new System.ArgumentException("lock settings: " + rule);
            }
        }
    }
}
