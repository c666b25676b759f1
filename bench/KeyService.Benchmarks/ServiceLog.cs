using System.Text.RegularExpressions;

namespace ShareKey.KeyService.Benchmarks;

/// <summary>
/// What a `sharekey serve` process complained about during a run: failed batches and retries cost
/// time too, so a run ends with its warnings and errors, grouped by the start of their message with
/// its numbers and ids masked (one line per kind, not one per client port or device).
/// </summary>
public static partial class ServiceLog
{
    public static void Summarise(string serviceOutput, TextWriter output)
    {
        var complaints = serviceOutput.Split('\n').Where(line => line.Contains(" warn:") || line.Contains(" fail:") || line.Contains(" crit:")).ToList();
        output.WriteLine($"  service log: {complaints.Count} warnings and errors");
        foreach (var kind in complaints.GroupBy(KindOf).OrderByDescending(kind => kind.Count()).Take(5))
        {
            output.WriteLine($"    {kind.Count()} x {kind.Key}");
        }
    }

    private static string KindOf(string line)
    {
        var message = Numbers().Replace(line[(line.IndexOf(']') + 1)..].Trim(), "#");
        return message[..Math.Min(120, message.Length)];
    }

    // Device ids (16 hex digits) first, then any other run of digits.
    [GeneratedRegex("\\b[0-9a-f]{16}\\b|[0-9]+")]
    private static partial Regex Numbers();
}
