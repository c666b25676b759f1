namespace ShareKey.Protocol.Benchmarks;

/// <summary>
/// Counts the HMACs of one accepted unlock against the budget of docs/architecture.md §4 (3 to verify, 1 to
/// sign the Result): the board's HMAC is what makes an unlock fast or slow, and BenchmarkDotNet
/// has no column for it.
/// </summary>
public static class HmacBudget
{
    public const int PerAcceptedUnlock = 4;

    /// <summary>Prints the count; returns 0 within budget, 2 over it.</summary>
    public static int Report(TextWriter output)
    {
        var pipeline = new UnlockPipeline();
        var before = pipeline.Macs.HmacCount;
        pipeline.Run();
        var used = pipeline.Macs.HmacCount - before;
        output.WriteLine($"HMACs per accepted unlock (decode + verify + sign result + encode): {used} (budget {PerAcceptedUnlock})");
        return used <= PerAcceptedUnlock ? 0 : 2;
    }
}
