using FsCheck;
using FsCheck.Fluent;

namespace ShareKey.Firmware.Tests.ParkingLock.Support;

/// <summary>
/// A recorded-looking sensor trace: the truth (car or not) per sample, in stretches of at least
/// <see cref="MinStretch"/> samples, and the readings, some of which are wrong — at most
/// <see cref="MaxWrongPerWindow"/> in any 8 consecutive readings (the noise the default filter
/// tolerates). A wrong reading is the other state's distance, an echo in the hysteresis band,
/// a spurious "no echo", or a reflection just past either threshold.
/// </summary>
public sealed record NoisyTrace(bool[] Truth, int[] Readings)
{
    public const int MinStretch = 16;
    public const int MaxWrongPerWindow = 2;
    public const int Window = 8;

    public static Gen<NoisyTrace> Traces(double wrongChance) =>
        from count in FsCheck.Fluent.Gen.Choose(1, 8)
        from stretches in FsCheck.Fluent.Gen.Choose(MinStretch, 120).ListOf(count)
        from startWithCar in FsCheck.Fluent.Gen.Elements(true, false)
        from wrongRolls in FsCheck.Fluent.Gen.Choose(0, 999).ArrayOf(stretches.Sum())
        from kinds in FsCheck.Fluent.Gen.Choose(0, 5).ArrayOf(stretches.Sum())
        select Build(stretches, startWithCar, wrongRolls, kinds, wrongChance);

    /// <summary>Sample indexes where the truth changes (the first sample of each stretch after the first).</summary>
    public IEnumerable<int> Changes() => Enumerable.Range(1, Truth.Length - 1).Where(i => Truth[i] != Truth[i - 1]);

    private static NoisyTrace Build(IReadOnlyList<int> stretches, bool car, int[] rolls, int[] kinds, double wrongChance)
    {
        int total = stretches.Sum();
        bool[] truth = new bool[total];
        int at = 0;
        foreach (int length in stretches)
        {
            for (int i = 0; i < length; i++)
            {
                truth[at++] = car;
            }

            car = !car;
        }

        int[] readings = new int[total];
        bool[] wrong = new bool[total];
        for (int i = 0; i < total; i++)
        {
            int recent = 0;
            for (int j = Math.Max(0, i - Window + 1); j < i; j++)
            {
                recent += wrong[j] ? 1 : 0;
            }

            wrong[i] = rolls[i] < wrongChance * 1000 && recent < MaxWrongPerWindow;
            readings[i] = wrong[i] ? WrongReading(truth[i], kinds[i]) : (truth[i] ? 250 + (rolls[i] % 400) : (rolls[i] % 3 == 0 ? 0 : 1500 + rolls[i]));
        }

        return new NoisyTrace(truth, readings);
    }

    private static int WrongReading(bool car, int kind) => kind switch
    {
        0 => car ? 0 : ParkingSpace.CarMm,
        1 => 1000,
        2 => car ? 1200 : 800,
        3 => car ? 2500 : 120,
        4 => 801,
        _ => 1199,
    };
}
