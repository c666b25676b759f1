using ShareKey.KeyService.Problems;

namespace ShareKey.KeyService.Parking.Garages;

/// <summary>What a garage's own fields must be, whether it comes from the API or a garage file (the text rules on the DTOs hold lengths and characters).</summary>
public static class GarageChecks
{
    public const int MaxFloors = 20;
    public const int LowestLevel = -10;
    public const int HighestLevel = 100;

    public static void Check(string timeZone, GarageAddress address, IReadOnlyList<GarageFloor> floors)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) || !zone.HasIanaId)
        {
            throw Invalid("timeZone", $"'{timeZone}' is not an IANA time zone (like Europe/Berlin).");
        }

        if (address.CountryCode is not { Length: 2 } country || !country.All(char.IsAsciiLetterUpper))
        {
            throw Invalid("placeStreetAddress.countryCode", "must be an ISO 3166-1 alpha-2 code: two capital letters (DE, GB).");
        }

        if (address.City is null || address.PostCode is null || address.AddressLines.Count == 0)
        {
            throw Invalid("placeStreetAddress", "needs city, postCode and at least one of addressLines.");
        }

        if (floors.Count is 0 or > MaxFloors)
        {
            throw Invalid("floors", $"a garage has 1 to {MaxFloors} floors.");
        }

        var levels = new HashSet<int>();
        foreach (var floor in floors)
        {
            if (floor.Level is < LowestLevel or > HighestLevel)
            {
                throw Invalid("floors", $"level {floor.Level} is outside {LowestLevel}..{HighestLevel}.");
            }

            if (!levels.Add(floor.Level))
            {
                throw Invalid("floors", $"level {floor.Level} is given twice.");
            }
        }
    }

    private static ServiceError Invalid(string field, string reason) => new(ErrorCode.InvalidRequest, $"{field}: {reason}", field);
}
