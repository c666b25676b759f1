using BenchmarkDotNet.Running;
using ShareKey.Benchmarks;
using ShareKey.Protocol.Benchmarks;

// Two modes: `--hmac-count` prints the HMAC cost of one accepted unlock (BenchmarkDotNet cannot
// show a count); anything else goes to BenchmarkDotNet with the short in-process job of ShortJobConfig (bench/Shared).
if (args.Contains("--hmac-count"))
{
    return HmacBudget.Report(Console.Out);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, ShortJobConfig.Create("sharekey-protocol-benchmarks"));
return 0;
