using ShareKey.KeyService.Problems;

namespace ShareKey.KeyService.Parking.Spaces;

/// <summary>A space's label (APDS spaceId) as painted on the floor: letters, digits, '-', '_' and '.'.</summary>
public static class SpaceLabels
{
    public static string Check(string label, string field = "spaceId") =>
        label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? label
            : throw new ServiceError(ErrorCode.InvalidRequest, $"{field}: '{label}' may hold only letters, digits, '-', '_' and '.'.", field);
}
