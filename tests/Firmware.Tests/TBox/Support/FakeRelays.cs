using ShareKey.Firmware.TBox.Hardware;

namespace ShareKey.Firmware.Tests.TBox.Support;

/// <summary>Relay outputs a test can read, with every switch kept in order.</summary>
public sealed class FakeRelays : IRelays
{
    public bool? DoorsLocked { get; private set; }

    public bool? ImmobiliserEngaged { get; private set; }

    public bool? ChargeInletLocked { get; private set; }

    public List<string> Switches { get; } = [];

    public void SetDoorsLocked(bool locked)
    {
        DoorsLocked = locked;
        Switches.Add(locked ? "doors locked" : "doors unlocked");
    }

    public void SetImmobiliserEngaged(bool engaged)
    {
        ImmobiliserEngaged = engaged;
        Switches.Add(engaged ? "immobiliser engaged" : "immobiliser released");
    }

    public void SetChargeInletLocked(bool locked)
    {
        ChargeInletLocked = locked;
        Switches.Add(locked ? "inlet locked" : "inlet released");
    }
}
