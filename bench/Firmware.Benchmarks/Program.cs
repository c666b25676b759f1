using BenchmarkDotNet.Running;
using ShareKey.Benchmarks;
using ShareKey.Firmware.Benchmarks;
using ShareKey.Firmware.Benchmarks.Lock;

// Console modes: `--hmac-count` prints what one unlock costs the board in HMACs and flash writes
// (BenchmarkDotNet cannot show a count); `--bridge-rtt [N]` times N unlocks over the BLE bridge
// (a networked exchange, not a BenchmarkDotNet job); `--lock-unlock [N]` times N parking-lock
// unlocks one by one (each needs the barrier raised again first, which is not the unlock's work);
// `--occupancy [DIR]` replays recorded sensor traces, `--record-traces DIR` records them.
// Anything else goes to BenchmarkDotNet.
if (args.Contains("--hmac-count"))
{
    return HmacCount.Report(Console.Out);
}

var traces = Path.Combine("bench", "Firmware.Benchmarks", "Traces");
if (args.Contains("--occupancy"))
{
    var at = Array.IndexOf(args, "--occupancy");
    return OccupancyLatency.Run(at + 1 < args.Length ? args[at + 1] : traces, Console.Out);
}

if (args.Contains("--record-traces"))
{
    var at = Array.IndexOf(args, "--record-traces");
    return TraceRecorder.Record(at + 1 < args.Length ? args[at + 1] : traces, Console.Out);
}

var lockUnlock = Array.IndexOf(args, "--lock-unlock");
if (lockUnlock >= 0)
{
    var unlocks = 5000;
    if (lockUnlock + 1 < args.Length && (!int.TryParse(args[lockUnlock + 1], out unlocks) || unlocks < 1))
    {
        Console.Error.WriteLine("usage: --lock-unlock [N]   (N: unlocks to measure, at least 1; default 5000)");
        return 1;
    }

    return LockUnlockCost.Run(unlocks, Console.Out);
}

var rtt = Array.IndexOf(args, "--bridge-rtt");
if (rtt >= 0)
{
    var count = 2000;
    if (rtt + 1 < args.Length && (!int.TryParse(args[rtt + 1], out count) || count < 1))
    {
        Console.Error.WriteLine("usage: --bridge-rtt [N]   (N: unlocks to measure, at least 1; default 2000)");
        return 1;
    }

    return await BridgeRoundTrip.RunAsync(count, Console.Out);
}

// Times in µs, the unit an unlock is discussed in.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, ShortJobConfig.Create("sharekey-firmware-benchmarks", Perfolizer.Horology.TimeUnit.Microsecond));
return 0;
