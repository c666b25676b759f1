namespace ShareKey.KeyService.Benchmarks;

/// <summary>
/// What a `sharekey serve` process complained about during a run: failed batches and retries cost
/// time too, so a run ends with its warnings and errors, grouped by the start of their message.
/// </summary>
public static class ServiceLog
{
    public static void Summarise(string serviceOutput, TextWriter output)
    {
        var complaints = serviceOutput.Split('\n').Where(line => line.Contains(" warn:") || line.Contains(" fail:") || line.Contains(" crit:")).ToList();
        output.WriteLine($"  service log: {complaints.Count} warnings and errors");
        foreach (var kind in complaints.GroupBy(line => line[(line.IndexOf(']') + 1)..][..Math.Min(120, line.Length - line.IndexOf(']') - 1)]).OrderByDescending(kind => kind.Count()).Take(5))
        {
            output.WriteLine($"    {kind.Count()} x {kind.Key.Trim()}");
        }
    }
}
