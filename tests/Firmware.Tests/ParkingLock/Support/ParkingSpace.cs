namespace ShareKey.Firmware.Tests.ParkingLock.Support;

/// <summary>
/// What the ultrasonic sensor sees: a car's underside at <see cref="CarMm"/> or no echo when the
/// space is empty, unless a noise function replaces the reading with index n.
/// </summary>
public sealed class ParkingSpace
{
    public const int CarMm = 350;

    public bool CarPresent { get; set; }

    /// <summary>Replaces the true reading (sample index, true reading → reading); null: no noise.</summary>
    public Func<long, int, int>? Noise { get; set; }

    public long Samples { get; private set; }

    /// <summary>Readings in a row taken with a car there (0 while the space is empty).</summary>
    public int CarSamples { get; private set; }

    public int Read()
    {
        CarSamples = CarPresent ? CarSamples + 1 : 0;
        int truth = CarPresent ? CarMm : 0;
        int reading = Noise is null ? truth : Noise(Samples, truth);
        Samples++;
        return reading;
    }
}
