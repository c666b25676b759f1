namespace ShareKey.Simulator.Hardware;

/// <summary>
/// The HC-SR04 under the barrier, looking up: a car's underbody echoes at about
/// <see cref="CarDistanceMm"/> (± <see cref="JitterMm"/>), an empty space gives no echo (0). With
/// <see cref="NoiseRate"/> above 0 each reading is, with that probability, wrong the way real ones
/// are wrong: a lost echo under a car, a spurious one (a leaf, a cat, a passer-by's foot) over an
/// empty space. Seeded, so a trace can be replayed. Thread-safe.
/// </summary>
public sealed class SimUltrasonicSensor(SimParkingSpace space, int seed)
{
    public const int CarDistanceMm = 350;

    public const int JitterMm = 25;

    private readonly object _gate = new();
    private readonly Random _random = new(seed);
    private double _noiseRate;

    /// <summary>The share of readings that are wrong, 0 (a clean sensor) to 0.5.</summary>
    public double NoiseRate
    {
        get
        {
            lock (_gate)
            {
                return _noiseRate;
            }
        }

        set
        {
            if (double.IsNaN(value) || value < 0 || value > 0.5)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "sensor noise is a share of readings from 0 to 0.5");
            }

            lock (_gate)
            {
                _noiseRate = value;
            }
        }
    }

    /// <summary>One measurement in millimetres; 0 when no echo came back (what the board's driver hands the controller).</summary>
    public int Read()
    {
        bool car = space.CarPresent;
        lock (_gate)
        {
            bool wrong = _noiseRate > 0 && _random.NextDouble() < _noiseRate;
            if (car != wrong)
            {
                return wrong ? _random.Next(300, 700) : CarDistanceMm + _random.Next(-JitterMm, JitterMm + 1);
            }

            return 0;
        }
    }
}
