namespace ShareKey.KeyService.Keys;

/// <summary>What a change of validity (R1.5) asks for; each limit left out stays as it is. MaxUses 0 is unlimited.</summary>
public sealed record ValidityChange(DateTimeOffset? NotBefore, DateTimeOffset? NotAfter, ushort? MaxUses)
{
    public bool IsEmpty => NotBefore is null && NotAfter is null && MaxUses is null;
}
