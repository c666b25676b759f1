namespace ShareKey.KeyService.Parking.Reservations;

/// <summary>The window that holds a space, in APDS "PlannedUse" terms: the "taken" member of a space-taken problem.</summary>
public sealed record TakenWindow(DateTimeOffset StartTime, DateTimeOffset EndTime);
