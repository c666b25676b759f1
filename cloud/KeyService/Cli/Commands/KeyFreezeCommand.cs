using System.CommandLine;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey key freeze ID`: the key stops working until it is unfrozen (R1.5).</summary>
public static class KeyFreezeCommand
{
    public static Command Create(CliContext context) =>
        KeyStandingChange.Create(context, "freeze", "Suspend a key until it is unfrozen.");
}
