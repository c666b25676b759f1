using System.CommandLine;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey key unfreeze ID`: a frozen key works again (R1.5).</summary>
public static class KeyUnfreezeCommand
{
    public static Command Create(CliContext context) =>
        KeyStandingChange.Create(context, "unfreeze", "Let a frozen key work again.");
}
