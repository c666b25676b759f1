namespace ShareKey.KeyService.Keys;

/// <summary>
/// A freeze put on a key itself (its descendants are frozen through it). <see cref="Rank"/> is how
/// high the freezer stood over the key (<see cref="KeyAuthority"/>): only someone standing at least
/// as high lifts it, so a holder cannot lift a manager's freeze nor a manager an operator's.
/// </summary>
public sealed record KeyFreeze(ulong ByUserId, int Rank, DateTimeOffset At);
