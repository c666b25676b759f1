using ShareKey.Protocol.Tokens;

namespace ShareKey.KeyService.Sharing;

/// <summary>
/// What a share gives its recipient (R2.5, R2.6). Every limit left out is the parent's (the window
/// starts now); every limit given must be within the parent's. The recipient is named by id, or by
/// exact user name (<see cref="RecipientName"/>, then <see cref="RecipientId"/> is 0).
/// </summary>
public sealed record ShareTerms(
    ulong RecipientId,
    ShareMode Mode,
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotAfter,
    ushort? MaxUses,
    Permissions? Permissions,
    string? RecipientName = null);

public enum ShareMode
{
    /// <summary>Sharer and recipient both keep a working key.</summary>
    CoUse = 1,

    /// <summary>The sharer's key stops working once the recipient's has been accepted at the device (enforced there, offline).</summary>
    Transfer = 2,
}
