using ShareKey.Protocol.Buffers;

namespace ShareKey.KeyService.Rentals;

public sealed record RentalDto(long Id, string DeviceId, string UserId, string KeyId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, RentalState State, DateTimeOffset? ReturnedAt, long? RotationId)
{
    public static RentalDto Of(Rental r) => new(r.Id, Hex.OfId(r.DeviceId), Hex.OfId(r.UserId), Hex.OfId(r.KeyId), r.StartsAt, r.EndsAt, r.State, r.ReturnedAt, r.RotationId);
}

/// <summary>A page of rentals, newest first; <see cref="NextBefore"/> (absent on the last page) is the <c>before</c> of the next.</summary>
public sealed record RentalPageDto(IReadOnlyList<RentalDto> Items, long? NextBefore);
