using System.CommandLine;
using ShareKey.KeyService.Cli.Commands;

namespace ShareKey.KeyService.Cli;

/// <summary>Every `sharekey` command, in one place. Each command lives in its own file under Commands/.</summary>
public static class CommandRegistry
{
    public static RootCommand Build(TextWriter output, TextWriter error)
    {
        var protocol = new Command("protocol", "Inspect the ShareKey binary protocol (docs/protocol.md).")
        {
            ProtocolTourCommand.Create(output),
            ProtocolDecodeCommand.Create(output, error),
        };

        return new RootCommand("ShareKey: phones as keys for shared cars and parking spaces.")
        {
            ServeCommand.Create(output, error),
            protocol,
        };
    }
}
