using ShareKey.KeyService.Auth;

namespace ShareKey.KeyService.Users;

/// <summary>
/// A person or system that holds keys or operates the service. <see cref="Id"/> is the holder id
/// written into every key token the user holds (docs/protocol.md §3). While <see cref="DisabledAt"/>
/// is set, every API token of the user is refused.
/// </summary>
public sealed record User(ulong Id, string Name, UserRole Role, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt = null);
