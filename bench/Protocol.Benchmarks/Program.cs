using BenchmarkDotNet.Running;
using ShareKey.Protocol.Benchmarks;

// Two modes: `--hmac-count` prints the HMAC cost of one accepted unlock (BenchmarkDotNet cannot
// show a count); anything else goes to BenchmarkDotNet with the short in-process job of BenchConfig.
if (args.Contains("--hmac-count"))
{
    return HmacBudget.Report(Console.Out);
}

BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, BenchConfig.Create());
return 0;
