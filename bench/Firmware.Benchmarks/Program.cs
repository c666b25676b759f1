using BenchmarkDotNet.Running;
using ShareKey.Benchmarks;
using ShareKey.Firmware.Benchmarks;

// Three modes: `--hmac-count` prints what one unlock costs the board in HMACs and flash writes
// (BenchmarkDotNet cannot show a count); `--bridge-rtt [N]` times N unlocks over the BLE bridge
// (a networked exchange, not a BenchmarkDotNet job); anything else goes to BenchmarkDotNet.
if (args.Contains("--hmac-count"))
{
    return HmacCount.Report(Console.Out);
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
