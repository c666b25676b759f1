namespace ShareKey.KeyService.Cli;

/// <summary>What `sharekey` returns: scripts branch on these.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command line or its input was wrong; fix it and run again.</summary>
    public const int Usage = 1;

    /// <summary>The command was right but failed while running.</summary>
    public const int Runtime = 2;
}
