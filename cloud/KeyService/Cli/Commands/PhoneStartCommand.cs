using System.CommandLine;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>`sharekey phone start KEY_ID --bridge HOST:PORT [--rssi DBM]`: release the car's immobiliser for driving with a stored key, over BLE.</summary>
public static class PhoneStartCommand
{
    public static Command Create(CliContext context) =>
        PhoneActuation.Create(context, CommandCode.Start, "Release the car's immobiliser for driving.");
}
