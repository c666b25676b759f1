namespace ShareKey.KeyService.Parking.Reservations;

/// <summary>
/// A window of a space in APDS "PlannedUse" terms, and nothing of whose it is: the "taken" member of
/// a space-taken problem, and the free and taken windows of a space's availability.
/// </summary>
public sealed record PlannedWindow(DateTimeOffset StartTime, DateTimeOffset EndTime);
