namespace ShareKey.KeyService.Users;

/// <summary>What disabling a user does to the keys they hold (<c>sharekey user disable --keys</c>).</summary>
public enum HeldKeysAction
{
    /// <summary>Every live key they hold is revoked for good, with everything shared from it.</summary>
    Revoke = 1,

    /// <summary>Every live key they hold is frozen by an operator (only an operator lifts it), with everything shared from it.</summary>
    Freeze = 2,

    /// <summary>Their keys stay as they are: only the API is closed to them.</summary>
    Keep = 3,
}
