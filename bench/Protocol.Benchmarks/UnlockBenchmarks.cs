using BenchmarkDotNet.Attributes;

namespace ShareKey.Protocol.Benchmarks;

/// <summary>The device side of one accepted unlock: decode Command, verify, sign and encode Result.</summary>
[MemoryDiagnoser]
public class UnlockBenchmarks
{
    private UnlockPipeline _pipeline = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pipeline = new UnlockPipeline();
        HmacBudget.Report(Console.Out);
    }

    [Benchmark]
    public byte[] AcceptedUnlock() => _pipeline.Run();
}
