using ShareKey.KeyService.Parking.Maps;

namespace ShareKey.KeyService.Parking.Garages;

/// <summary>
/// A garage: APDS v4's "Place" (a parking structure) with its IANA time zone, its street address
/// and its floors. <see cref="Map"/> is its drawn layout (space outlines, entrances, aisles), once
/// one was imported; spaces are rows of their own (<see cref="Spaces.ParkingSpace"/>).
/// </summary>
public sealed record Garage(ulong Id, string Name, string TimeZone, GarageAddress Address, IReadOnlyList<GarageFloor> Floors, GarageMap? Map, DateTimeOffset CreatedAt);

/// <summary>APDS "Address": country (ISO 3166-1 alpha-2), city, post code and the street lines in display order.</summary>
public sealed record GarageAddress(string CountryCode, string City, string PostCode, IReadOnlyList<string> AddressLines);

/// <summary>One floor: its level (0 street level, negative below) and the name signs use.</summary>
public sealed record GarageFloor(int Level, string Name);
