namespace ShareKey.KeyService.Sharing;

/// <summary>Limits on sharing (R2.5), bound from the "ShareKey:Sharing" configuration section.</summary>
public sealed class SharingOptions
{
    /// <summary>Live shares (not revoked) one key may have at once.</summary>
    public int MaxSharesPerKey { get; set; } = 10;

    /// <summary>How many shares deep a key may sit below its root (an owner or renter key is depth 0).</summary>
    public int MaxDepth { get; set; } = 3;
}
