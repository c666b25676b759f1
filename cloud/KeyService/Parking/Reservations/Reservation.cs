namespace ShareKey.KeyService.Parking.Reservations;

/// <summary>
/// A renter's reservation of a space for a window: APDS v4's "AssignedRight" with one "PlannedUse"
/// (<see cref="StartsAt"/>–<see cref="EndsAt"/>, issued at <see cref="BookedAt"/>). The terms it
/// was booked under are fixed at booking — free cancellation until <see cref="CancelFreeUntil"/>, a
/// no-show once the space is still unoccupied at <see cref="NoShowAt"/> — so a later change of the
/// space's rules never changes a booking. <see cref="ArrivedAt"/> is when the lock first reported
/// the space occupied in the window (the start of the APDS "Session"); <see cref="EndedAt"/> when it
/// was cancelled or released.
/// </summary>
public sealed record Reservation(
    ulong Id,
    ulong SpaceId,
    ulong DeviceId,
    ulong UserId,
    ulong KeyId,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    DateTimeOffset BookedAt,
    DateTimeOffset CancelFreeUntil,
    DateTimeOffset NoShowAt,
    ReservationState State,
    DateTimeOffset? ArrivedAt,
    DateTimeOffset? EndedAt);

public enum ReservationState
{
    /// <summary>Holds the space; nobody parked yet.</summary>
    Booked = 1,

    /// <summary>Holds the space; the lock reported it occupied within the window.</summary>
    Arrived = 2,

    /// <summary>Cancelled by the renter within the hold period; the space is free again.</summary>
    Cancelled = 3,

    /// <summary>A no-show: unoccupied past the no-show time, released and its key revoked.</summary>
    Released = 4,
}
