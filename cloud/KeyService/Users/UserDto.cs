using ShareKey.KeyService.Auth;
using ShareKey.Protocol.Buffers;

namespace ShareKey.KeyService.Users;

public sealed record UserDto(string Id, string Name, UserRole Role, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt)
{
    public static UserDto Of(User user) => new(Hex.OfId(user.Id), user.Name, user.Role, user.CreatedAt, user.DisabledAt);
}

/// <summary>A page of users by name; <see cref="NextAfter"/> (absent on the last page) is the <c>after</c> of the next.</summary>
public sealed record UserPageDto(IReadOnlyList<UserDto> Items, string? NextAfter);
