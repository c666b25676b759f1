using System.Diagnostics;
using ShareKey.Firmware.Events;
using ShareKey.Firmware.ParkingLock;
using ShareKey.Firmware.ParkingLock.Motion;
using ShareKey.Firmware.ParkingLock.Sensing;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Benchmarks.Lock;

/// <summary>
/// What one unlock costs the parking lock, through the real <see cref="ParkingLockController"/>:
/// from a raised barrier, everything the board does for the phone — connect (first challenge),
/// three RSSI samples, the Command (decode, verify, use and event saved, the arm's target saved, the
/// motor started), the lowered end stop's interrupt, the fresh challenge, disconnect. Each unlock is
/// timed on its own (Stopwatch) and its managed allocation read from the thread's counter, because
/// between two unlocks the barrier must be raised again (a lock command and its end stop) and that
/// is not the unlock's work — BenchmarkDotNet cannot leave a per-operation reset out. HMACs, RNG
/// draws and flash writes are counted at the seams, over the measured unlocks only.
/// </summary>
public static class LockUnlockCost
{
    /// <summary>Open/close cycles before measuring: the 64-entry event log full, an offline lock's steady state.</summary>
    private const int WarmUp = EventLog.Capacity + 16;

    public static int Run(int count, TextWriter output)
    {
        var cloud = new BenchCloud();
        var board = new LockBenchBoard(cloud);
        var controller = board.Controller;
        for (var i = 0; i < 8; i++)
        {
            controller.DistanceMeasured(0);
        }

        if (controller.Status().Occupancy != Occupancy.Free)
        {
            throw new InvalidOperationException("the bench lock does not see its space free");
        }

        var phone = new BenchPhone(cloud, BenchCloud.KeyId);
        var challenge = controller.BleConnected();
        var unlock = phone.Unlock(challenge);
        var raise = phone.Lock(challenge);
        controller.BleDisconnected();

        var micros = new double[count];
        var allocated = new long[count];
        long hmacs = 0, draws = 0, writes = 0, written = 0;
        for (var i = -WarmUp; i < count; i++)
        {
            Command(board, raise, BarrierPosition.Raised);
            long hmacsBefore = board.Crypto.Hmacs, drawsBefore = board.Crypto.RandomFills, writesBefore = board.FlashWrites, writtenBefore = board.FlashBytes;
            var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            Command(board, unlock, BarrierPosition.Lowered);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var bytes = GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
            if (i < 0)
            {
                continue;
            }

            micros[i] = elapsed.TotalMicroseconds;
            allocated[i] = bytes;
            hmacs += board.Crypto.Hmacs - hmacsBefore;
            draws += board.Crypto.RandomFills - drawsBefore;
            writes += board.FlashWrites - writesBefore;
            written += board.FlashBytes - writtenBefore;
        }

        Array.Sort(micros);
        Array.Sort(allocated);
        output.WriteLine($"parking lock, accepted unlock from a raised barrier, offline: {count} unlocks after {WarmUp} warm-up open/close cycles");
        output.WriteLine($"  time:      p50 {Percentile(micros, 50):F2} µs   p99 {Percentile(micros, 99):F2} µs   max {micros[^1]:F2} µs   mean {micros.Average():F2} µs");
        output.WriteLine($"  allocated: p50 {Percentile(allocated, 50)} B   max {allocated[^1]} B per unlock (managed, the controller's own: flash and uplink seams allocate nothing)");
        output.WriteLine($"  per unlock: {(double)hmacs / count:F2} HMACs, {(double)draws / count:F2} RNG draws, {(double)writes / count:F2} flash writes, {(double)written / count:F0} flash bytes");
        return 0;
    }

    /// <summary>One phone visit with <paramref name="frame"/>, and the end stop's interrupt as the arm arrives; throws unless accepted and arrived.</summary>
    private static void Command(LockBenchBoard board, byte[] frame, BarrierPosition expected)
    {
        var controller = board.Controller;
        controller.BleConnected();
        for (var i = 0; i < ParkingLockController.ProximityWindow; i++)
        {
            controller.BleSignal(-50);
        }

        var outcome = controller.BleCommand(frame, 0, frame.Length);
        if (outcome.Reason != RefusalReason.Accepted)
        {
            throw new InvalidOperationException($"the lock answered {Names.Of(outcome.Reason)}; this would measure the wrong path");
        }

        controller.EndStopChanged();
        controller.ReadChallenge();
        controller.BleDisconnected();
        if (board.Hardware.IsLowered != (expected == BarrierPosition.Lowered))
        {
            throw new InvalidOperationException($"the arm did not end {expected}");
        }
    }

    private static T Percentile<T>(T[] sorted, int percent) => sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
