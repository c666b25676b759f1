using ShareKey.KeyService.Parking.Garages;

namespace ShareKey.KeyService.Parking.Maps;

/// <summary>
/// Where a garage's plan lands in its picture: floors stacked top to bottom from the highest level,
/// each under a title band, all at one scale (pixels per metre) chosen so the widest floor is about
/// <see cref="TargetWidth"/> pixels wide.
/// </summary>
public sealed class MapLayout
{
    public const double TargetWidth = 800;
    public const double Margin = 20;
    public const double TitleBand = 30;
    public const double Gap = 20;

    private readonly Dictionary<int, double> tops = [];

    public MapLayout(Garage garage, GarageMap map)
    {
        var widest = map.Floors.Max(floor => floor.Width);
        Scale = Math.Clamp(TargetWidth / widest, 2, 40);
        var y = Margin;
        foreach (var floor in Floors(garage, map))
        {
            tops[floor.Plan.Level] = y;
            y += TitleBand + (floor.Plan.Height * Scale) + Gap;
        }

        Width = (int)Math.Ceiling((2 * Margin) + (widest * Scale));
        Height = (int)Math.Ceiling(y - Gap + Margin);
    }

    /// <summary>Pixels per metre.</summary>
    public double Scale { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The floors as drawn, highest level first, each with its name.</summary>
    public static IEnumerable<(GarageFloor Floor, FloorPlan Plan)> Floors(Garage garage, GarageMap map) =>
        map.Floors.OrderByDescending(plan => plan.Level).Select(plan => (garage.Floors.Single(f => f.Level == plan.Level), plan));

    /// <summary>The top of a floor's title band.</summary>
    public double Top(int level) => tops[level];

    /// <summary>A point of a floor's plan, in the picture's pixels.</summary>
    public (double X, double Y) Pixel(int level, double x, double y) => (Margin + (x * Scale), tops[level] + TitleBand + (y * Scale));
}
