namespace ShareKey.KeyService.Rentals;

/// <summary>A rental of a car: the renter's key is issued at start; the return triggers a rotation (R0).</summary>
public sealed record Rental(
    long Id,
    ulong DeviceId,
    ulong UserId,
    ulong KeyId,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    RentalState State,
    DateTimeOffset? ReturnedAt,
    long? RotationId);

public enum RentalState
{
    Active = 1,
    Returned = 2,
}
