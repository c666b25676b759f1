namespace ShareKey.Simulator.Hardware;

/// <summary>
/// The lock's battery as its ADC divider reports it, in millivolts at the battery; settable, so a
/// test or a human can drain it (a low-battery fault). A mains-powered lock (null at the start)
/// has no battery and no readings. Thread-safe.
/// </summary>
public sealed class SimBattery
{
    private readonly object _gate = new();
    private int _millivolts;

    /// <param name="millivolts">The battery's voltage now; null: mains powered.</param>
    public SimBattery(int? millivolts)
    {
        Mains = millivolts is null;
        _millivolts = millivolts ?? 0;
    }

    public bool Mains { get; }

    /// <summary>The voltage now (0 on mains).</summary>
    public int Millivolts
    {
        get
        {
            lock (_gate)
            {
                return _millivolts;
            }
        }

        set
        {
            if (Mains)
            {
                throw new InvalidOperationException("this lock runs on mains: it has no battery");
            }

            if (value is < 0 or > 20_000)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "a battery reads 0 to 20000 mV");
            }

            lock (_gate)
            {
                _millivolts = value;
            }
        }
    }
}
