using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace ShareKey.Benchmarks;

/// <summary>
/// The BenchmarkDotNet job every ShareKey micro-benchmark uses (compiled into each bench project):
/// short, for a small shared machine (2 cores, other builds running) — one launch, 3 warmup and 10
/// measured iterations of 250 ms. In-process, so BenchmarkDotNet does not build a second copy of the
/// solution into the shared project folders; the numbers are for comparing changes, not for
/// publishing. Reports go to the system temp folder (override with <c>--artifacts</c>), not the
/// working tree.
/// </summary>
public static class ShortJobConfig
{
    public static IConfig Create(string reportsFolder, TimeUnit? timeUnit = null)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.Default
                .WithId("Short-InProcess")
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(10)
                .WithIterationTime(TimeInterval.FromMilliseconds(250)))
            .AddColumn(StatisticColumn.Median)
            .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared))
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), reportsFolder));
        return timeUnit is null ? config : config.WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(timeUnit));
    }
}
