namespace ShareKey.KeyService.Parking.Spaces;

/// <summary>
/// One parking space: APDS v4's "Space" (<see cref="SpaceId"/> is its operator-chosen label, "B1-07"),
/// on a floor of a garage, bound to the one parking-lock device at it. Its managers are not stored
/// here: they are the holders of the lock's live owner root keys (the key-authority model).
/// </summary>
public sealed record ParkingSpace(ulong Id, ulong GarageId, string SpaceId, int Level, ulong DeviceId, SpaceRules Rules, DateTimeOffset CreatedAt);

/// <summary>
/// What the space's reservations follow: the longest reservation, how far ahead one may start, how
/// long after booking a cancellation is free, the grace a key gets before and after its window, and
/// how long after the start an unoccupied space counts as a no-show.
/// </summary>
public sealed record SpaceRules(TimeSpan MaxReservation, TimeSpan BookingHorizon, TimeSpan CancelHold, TimeSpan Grace, TimeSpan NoShow);
