using System.CommandLine;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey phone lock KEY_ID --bridge HOST:PORT [--rssi DBM]`: close the doors or raise the barrier (works even when the key's uses are spent) with a stored key, over BLE.</summary>
public static class PhoneLockCommand
{
    public static Command Create(CliContext context) =>
        PhoneActuation.Create(context, CommandCode.Lock, "Close the doors or raise the barrier (works even when the key's uses are spent).");
}
