using ShareKey.KeyService.Parking.Occupancy;

namespace ShareKey.KeyService.Cli;

/// <summary>An occupancy state in the colours the map uses: occupied red, free green, unknown grey.</summary>
public static class OccupancyShow
{
    public static string State(OccupancyState state) => state switch
    {
        OccupancyState.Occupied => "[red]occupied[/]",
        OccupancyState.Free => "[green]free[/]",
        _ => "[grey]unknown[/]",
    };
}
