using System.CommandLine;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey phone unlock KEY_ID --bridge HOST:PORT [--rssi DBM]`: open the car's doors or lower the parking barrier with a stored key, over BLE.</summary>
public static class PhoneUnlockCommand
{
    public static Command Create(CliContext context) =>
        PhoneActuation.Create(context, CommandCode.Unlock, "Open the car's doors or lower the parking barrier.");
}
