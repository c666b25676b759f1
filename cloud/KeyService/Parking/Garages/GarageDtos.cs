using ShareKey.KeyService.Api;

namespace ShareKey.KeyService.Parking.Garages;

/// <summary>APDS "Address" as the API reads and writes it (its multilingual strings as plain ones).</summary>
public sealed record AddressDto(
    [AsciiName(2)] string CountryCode,
    [Name(64)] string City,
    [AsciiName(16)] string PostCode,
    [Text(128, MaxItems = 4)] IReadOnlyList<string> AddressLines)
{
    public static AddressDto Of(GarageAddress a) => new(a.CountryCode, a.City, a.PostCode, a.AddressLines);

    public GarageAddress ToAddress() => new(CountryCode, City, PostCode, AddressLines ?? []);
}

public sealed record FloorDto(int Level, [Name(32)] string Name)
{
    public static FloorDto Of(GarageFloor f) => new(f.Level, f.Name);
}

public sealed record CreateGarageRequest([Name(64)] string Name, [AsciiName(64)] string TimeZone, AddressDto PlaceStreetAddress, IReadOnlyList<FloorDto> Floors);

/// <summary>A garage (APDS "Place", type place): <see cref="HasMap"/> once a garage file with its map was imported.</summary>
public sealed record GarageDto(string Id, string Type, string Name, string TimeZone, AddressDto PlaceStreetAddress, IReadOnlyList<FloorDto> Floors, bool HasMap, DateTimeOffset CreatedAt)
{
    public static GarageDto Of(Garage g) => new(Ids.Format(g.Id), "place", g.Name, g.TimeZone, AddressDto.Of(g.Address), g.Floors.Select(FloorDto.Of).ToList(), g.Map is not null, g.CreatedAt);
}
