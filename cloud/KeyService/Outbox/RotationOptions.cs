namespace ShareKey.KeyService.Outbox;

/// <summary>
/// How a down message is retried, and when a given-up rotation is driven again: the `Rotation`
/// section of <c>ServiceOptions</c>, named for the rotations whose Rotate and Commit messages these
/// timings serve first. The outbox applies the first two to every message it writes.
/// </summary>
public sealed class RotationOptions
{
    /// <summary>How long to wait for a device's Ack before sending again (R0.2).</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Sends of one down message before giving up (R0.2, R0.4).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>After giving up, when to try the rotation again (the device is served from the backup meanwhile).</summary>
    public TimeSpan RedriveAfter { get; set; } = TimeSpan.FromMinutes(10);
}
