using ShareKey.Simulator.Hardware;

namespace ShareKey.Firmware.Benchmarks.Lock;

/// <summary>
/// Records the traces the occupancy benchmark replays (<c>--record-traces DIR</c>), from the
/// simulator's own sensor model (<see cref="SimUltrasonicSensor"/> over a <see cref="SimParkingSpace"/>):
/// cars arriving at random moments between readings, staying 10–40 s, the space empty 10–30 s in
/// between, at four noise levels, each with a fixed seed so the files are reproducible. They are a
/// model's readings, not a real HC-SR04's: the traces say so in their header.
/// </summary>
public static class TraceRecorder
{
    public const int IntervalMs = 250;
    private const int Cycles = 30;

    public static readonly (string Name, double Noise, int Seed)[] Plan =
    [
        ("clean", 0.0, 1201),
        ("noise-10", 0.10, 1202),
        ("noise-20", 0.20, 1203),
        ("noise-30", 0.30, 1204),
    ];

    public static int Record(string folder, TextWriter output)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, noise, seed) in Plan)
        {
            var trace = Make(name, noise, seed);
            var path = Path.Combine(folder, name + ".trace");
            trace.Write(path,
            [
                $"ShareKey occupancy trace '{name}': {Cycles} arrivals and departures, one reading every {IntervalMs} ms.",
                $"Recorded from the simulator's sensor model (SimUltrasonicSensor, noise {noise:0.00}, seed {seed}), not from a real HC-SR04:",
                "a car reads ~350 mm (+-25), an empty space no echo (0); a wrong reading is a lost echo under a car or a 300-700 mm echo over an empty space.",
                "Made by: dotnet run -c Release --project bench/Firmware.Benchmarks -- --record-traces bench/Firmware.Benchmarks/Traces",
            ]);
            output.WriteLine($"{path}: {trace.Readings.Length} readings, {trace.Changes.Length} arrivals and departures");
        }

        return 0;
    }

    private static OccupancyTrace Make(string name, double noise, int seed)
    {
        var timing = new Random(seed);
        var space = new SimParkingSpace(_ => { });
        var sensor = new SimUltrasonicSensor(space, seed) { NoiseRate = noise };
        List<int> readings = [];
        List<(long, bool)> changes = [];
        long at = 0;
        for (var cycle = 0; cycle < Cycles; cycle++)
        {
            foreach (var (car, minMs, maxMs) in new[] { (false, 10_000, 30_000), (true, 10_000, 40_000) })
            {
                long until = at + timing.Next(minMs, maxMs);
                if (cycle > 0 || car)
                {
                    changes.Add((at, car));
                }

                if (car)
                {
                    space.Arrive();
                }
                else
                {
                    space.Leave();
                }

                for (long next = (long)readings.Count * IntervalMs; next < until; next += IntervalMs)
                {
                    readings.Add(sensor.Read());
                }

                at = until;
            }
        }

        return new OccupancyTrace { Name = name, IntervalMs = IntervalMs, Noise = noise, Readings = [.. readings], Changes = [.. changes] };
    }
}
