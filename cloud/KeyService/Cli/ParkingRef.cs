using ShareKey.KeyService.Api;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Parking.Garages;
using ShareKey.KeyService.Parking.Spaces;
using ShareKey.Protocol.Buffers;

namespace ShareKey.KeyService.Cli;

/// <summary>Garages, spaces and parking locks named on the command line by id (16 hex digits) or by name/label, looked up.</summary>
public static class ParkingRef
{
    public static async Task<string> GarageAsync(ServiceClient client, string text, CancellationToken cancellationToken)
    {
        if (IsId(text))
        {
            return text.ToLowerInvariant();
        }

        var garages = (await client.GetAsync<List<GarageDto>>("v1/garages", cancellationToken)).Value;
        return garages.FirstOrDefault(g => string.Equals(g.Name, text, StringComparison.OrdinalIgnoreCase))?.Id
            ?? throw CliFailure.Usage($"no garage is called '{text}'; `sharekey garage list` shows them");
    }

    /// <summary>A space by id, or by its label ("B1-07") when one garage has it (or <paramref name="garage"/> narrows it).</summary>
    public static async Task<string> SpaceAsync(ServiceClient client, string text, string? garage, CancellationToken cancellationToken)
    {
        if (IsId(text))
        {
            return text.ToLowerInvariant();
        }

        var path = garage is null ? "v1/spaces" : Query.Of("v1/spaces", ("garageId", await GarageAsync(client, garage, cancellationToken)));
        var labelled = (await client.GetAsync<List<SpaceDto>>(path, cancellationToken)).Value.Where(s => s.SpaceId == text).ToList();
        return labelled.Count switch
        {
            1 => labelled[0].Id,
            0 => throw CliFailure.Usage($"no space is labelled '{text}'; `sharekey space list` shows them"),
            _ => throw CliFailure.Usage($"{labelled.Count} garages have a space '{text}'; add --garage or give the id ({string.Join(", ", labelled.Select(s => s.Id))})"),
        };
    }

    /// <summary>A parking lock by id or by its device name (looked up: operators only).</summary>
    public static async Task<string> LockAsync(ServiceClient client, string text, CancellationToken cancellationToken)
    {
        if (IsId(text))
        {
            return text.ToLowerInvariant();
        }

        // Names are unique among boards in service: the service finds the one, never sending every lock to look through.
        var locks = (await client.GetAsync<DevicePageDto>(Query.Of("v1/devices", ("kind", DeviceKind.ParkingLock), ("state", DeviceState.Active), ("name", text)), cancellationToken)).Value.Items;
        return locks.FirstOrDefault()?.Id
            ?? throw CliFailure.Usage($"no parking lock in service is called '{text}'; `sharekey device list --kind parking-lock` shows them");
    }

    private static bool IsId(string text) => text.Length == 16 && Hex.TryParseId(text.ToLowerInvariant(), out _);
}
