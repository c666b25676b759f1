using System.CommandLine;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey key revoke ID`: the key stops working for good (R1.5).</summary>
public static class KeyRevokeCommand
{
    public static Command Create(CliContext context) =>
        KeyStandingChange.Create(context, "revoke", "Revoke a key for good.");
}
