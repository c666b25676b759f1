namespace ShareKey.KeyService.Auth;

/// <summary>What a user may do in the service; every <see cref="Caller"/> carries one.</summary>
public enum UserRole
{
    /// <summary>Holds keys and manages only their own keys and rentals.</summary>
    User = 1,

    /// <summary>Runs the service: every device, key and user.</summary>
    Operator = 2,
}
