using ShareKey.KeyService.Api;
using ShareKey.KeyService.Parking.Garages;
using ShareKey.KeyService.Parking.Spaces;

namespace ShareKey.KeyService.Parking.Maps;

/// <summary>
/// A garage as a file (docs/garage-file.md): the garage (APDS Place fields), per floor its size,
/// entrances and spaces (label, lock by device name, outline, access node, rules when not the
/// defaults), and the drivable aisles as one graph. `sharekey garage import` sends it whole;
/// export writes the same shape back, so a file round-trips unchanged. Read by the API's strict
/// JSON (unknown or repeated fields refused, text rules applied); <see cref="GarageFileCheck"/>
/// holds the rest.
/// </summary>
public sealed record GarageFile(
    [OneOf(GarageFile.CurrentFormat)] string Format,
    [Name(64)] string Name,
    [AsciiName(64)] string TimeZone,
    AddressDto PlaceStreetAddress,
    IReadOnlyList<FloorFile> Floors,
    AislesFile Aisles)
{
    public const string CurrentFormat = "sharekey-garage/1";
}

/// <summary>A floor's plan: <see cref="Width"/> × <see cref="Height"/> metres, x to the right and y down from its top-left corner.</summary>
public sealed record FloorFile(int Level, [Name(32)] string Name, double Width, double Height, IReadOnlyList<EntranceFile> Entrances, IReadOnlyList<SpaceFile> Spaces);

public sealed record EntranceFile([Name(32)] string Name, [AsciiName(32)] string Node);

/// <summary>
/// A space: its label, its lock's device name, its outline as [x, y] corners and the aisle node a car
/// reaches it from (both, or neither for a space not drawn on the map — one added with `space
/// create`), and rules when they differ from the defaults.
/// </summary>
public sealed record SpaceFile([AsciiName(16)] string SpaceId, [AsciiName(24)] string Lock, IReadOnlyList<double[]>? Outline, [AsciiName(32)] string? Access, SpaceRulesDto? Rules);

public sealed record AislesFile(IReadOnlyList<NodeFile> Nodes, IReadOnlyList<EdgeFile> Edges);

public sealed record NodeFile([AsciiName(32)] string Id, int Level, double X, double Y);

public sealed record EdgeFile([AsciiName(32)] string From, [AsciiName(32)] string To);
