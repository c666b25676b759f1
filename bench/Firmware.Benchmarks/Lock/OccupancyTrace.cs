using System.Globalization;

namespace ShareKey.Firmware.Benchmarks.Lock;

/// <summary>
/// A recorded run of the ultrasonic sensor under a lock: one distance reading every
/// <see cref="IntervalMs"/> (mm, 0 = no echo) and the moments a car arrived and left, to the
/// millisecond. The text form (Traces/*.trace): comment lines starting with '#', one
/// <c>interval-ms=N</c> line, one <c>noise=SHARE</c> line (the share of wrong readings it was made with), then in time order a reading per line (a number) or an event line
/// (<c>arrive MS</c>, <c>leave MS</c>); reading n was taken at n × interval.
/// </summary>
public sealed class OccupancyTrace
{
    public required string Name { get; init; }

    public required int IntervalMs { get; init; }

    /// <summary>The share of wrong readings the trace was made with.</summary>
    public required double Noise { get; init; }

    public required int[] Readings { get; init; }

    /// <summary>(ms, car present after it), in time order.</summary>
    public required (long AtMs, bool Car)[] Changes { get; init; }

    public static OccupancyTrace Read(string path)
    {
        int interval = 0;
        double noise = -1;
        List<int> readings = [];
        List<(long, bool)> changes = [];
        int number = 0;
        foreach (string raw in File.ReadLines(path))
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("interval-ms=", StringComparison.Ordinal))
            {
                interval = Parse(line["interval-ms=".Length..], path, number);
            }
            else if (line.StartsWith("noise=", StringComparison.Ordinal))
            {
                noise = double.TryParse(line["noise=".Length..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double share) ? share : -1;
            }
            else if (line.StartsWith("arrive ", StringComparison.Ordinal) || line.StartsWith("leave ", StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ');
                changes.Add((Parse(parts[1], path, number), parts[0] == "arrive"));
            }
            else
            {
                readings.Add(Parse(line, path, number));
            }
        }

        if (interval <= 0 || noise < 0 || readings.Count == 0)
        {
            throw new InvalidDataException($"{path}: no interval-ms line, no noise line or no readings");
        }

        return new OccupancyTrace { Name = Path.GetFileNameWithoutExtension(path), IntervalMs = interval, Noise = noise, Readings = [.. readings], Changes = [.. changes] };
    }

    public void Write(string path, IEnumerable<string> comments)
    {
        using StreamWriter writer = new(path);
        foreach (string comment in comments)
        {
            writer.WriteLine("# " + comment);
        }

        writer.WriteLine($"interval-ms={IntervalMs}");
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"noise={Noise:0.00}"));
        int next = 0;
        for (int i = 0; i < Readings.Length; i++)
        {
            long at = (long)i * IntervalMs;
            while (next < Changes.Length && Changes[next].AtMs <= at)
            {
                writer.WriteLine($"{(Changes[next].Car ? "arrive" : "leave")} {Changes[next].AtMs}");
                next++;
            }

            writer.WriteLine(Readings[i].ToString(CultureInfo.InvariantCulture));
        }
    }

    private static int Parse(string text, string path, int line) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) ? value : throw new InvalidDataException($"{path}:{line}: '{text}' is not a number");
}
