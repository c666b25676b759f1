namespace ShareKey.Firmware.Tests.Support;

/// <summary>What a slot holds past the point where power failed during a write.</summary>
public enum TornWrite
{
    /// <summary>The old content is still there after the new bytes (flash pages not yet reached).</summary>
    StaleBytes,

    /// <summary>Random bytes up to the length of the new content (a page half programmed).</summary>
    Garbage,

    /// <summary>The slot ends where the cut fell (a file truncated on open, then partly written).</summary>
    Truncated,
}
