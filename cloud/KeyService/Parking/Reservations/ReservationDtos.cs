using ShareKey.KeyService.Api;

namespace ShareKey.KeyService.Parking.Reservations;

/// <summary>
/// A reservation as APDS v4 shapes an AssignedRight with one PlannedUse: issued at
/// <see cref="IssuanceTime"/>, planned for <see cref="PlannedUse"/>; <see cref="Session"/> (APDS
/// Session, actualStart) once the lock saw the space occupied in the window.
/// </summary>
public sealed record ReservationDto(
    string Id,
    string SpaceId,
    string DeviceId,
    string UserId,
    string KeyId,
    ReservationState State,
    DateTimeOffset IssuanceTime,
    PlannedUseDto PlannedUse,
    DateTimeOffset CancelFreeUntil,
    DateTimeOffset NoShowAt,
    SessionDto? Session)
{
    public static ReservationDto Of(Reservation r) => new(
        Ids.Format(r.Id),
        Ids.Format(r.SpaceId),
        Ids.Format(r.DeviceId),
        Ids.Format(r.UserId),
        Ids.Format(r.KeyId),
        r.State,
        r.BookedAt,
        new PlannedUseDto(
            r.StartsAt,
            r.EndsAt,
            r.State == ReservationState.Cancelled ? r.EndedAt : null,
            r.State == ReservationState.Released ? r.EndedAt : null),
        r.CancelFreeUntil,
        r.NoShowAt,
        r.ArrivedAt is { } arrived ? new SessionDto(arrived) : null);
}

/// <summary>APDS PlannedUse: the window; cancelTime when the renter cancelled, expiryTime when it was released as a no-show.</summary>
public sealed record PlannedUseDto(DateTimeOffset StartTime, DateTimeOffset EndTime, DateTimeOffset? CancelTime, DateTimeOffset? ExpiryTime);

/// <summary>APDS Session: when the lock first reported the space occupied in the window.</summary>
public sealed record SessionDto(DateTimeOffset ActualStart);

/// <summary>A page of reservations, soonest first; <see cref="NextAfter"/> (absent on the last page) is the <c>after</c> of the next.</summary>
public sealed record ReservationPageDto(IReadOnlyList<ReservationDto> Items, string? NextAfter);
