namespace ShareKey.KeyService.Vehicles;

public sealed class VehicleOptions
{
    /// <summary>
    /// A T-BOX seen (any uplink) within this window is still reporting: its VIN binding is not moved
    /// by another T-BOX's BindRequest but contested. A T-BOX silent for longer (or decommissioned)
    /// gives the VIN up as before — the replaced-T-BOX case of R4.
    /// </summary>
    public TimeSpan ContestWindow { get; set; } = TimeSpan.FromHours(24);
}
