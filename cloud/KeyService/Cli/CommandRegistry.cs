using System.CommandLine;
using ShareKey.KeyService.Cli.Commands;

namespace ShareKey.KeyService.Cli;

/// <summary>Every `sharekey` command, in one place. Each command lives in its own file under Commands/.</summary>
public static class CommandRegistry
{
    public static RootCommand Build(TextWriter output, TextWriter error) => Build(output, error, CliEnvironment.Process);

    /// <summary>The command tree over an explicit environment (variables, home folder); tests give each run its own.</summary>
    public static RootCommand Build(TextWriter output, TextWriter error, CliEnvironment environment)
    {
        var context = new CliContext(output, error, environment);
        return CliValues.Attach(new RootCommand("ShareKey: phones as keys for shared cars and parking spaces.")
        {
            ServeCommand.Create(output, error),
            DemoCommand.Create(output, error),
            LoginCommand.Create(context),
            HealthCommand.Create(context),
            Group("user", "Users and their API tokens.",
                UserCreateCommand.Create(context),
                UserListCommand.Create(context),
                UserTokenCommand.Create(context),
                UserTokensCommand.Create(context),
                UserRevokeTokenCommand.Create(context),
                UserDisableCommand.Create(context),
                UserEnableCommand.Create(context)),
            Group("device", "Boards: T-BOXes and parking locks.",
                DeviceProvisionCommand.Create(context),
                DeviceListCommand.Create(context),
                DeviceShowCommand.Create(context),
                DeviceDecommissionCommand.Create(context),
                DeviceKeysCommand.Create(context),
                DeviceEventsCommand.Create(context),
                DeviceOutboxCommand.Create(context)),
            Group("vehicle", "Cars by VIN: their T-BOX bindings (R4) and remote locking (R3).",
                VehicleShowCommand.Create(context),
                VehicleResolveCommand.Create(context),
                VehicleStatusCommand.Create(context),
                VehicleRemoteLockCommand.Create(context),
                VehicleReleaseCommand.Create(context),
                VehicleChargeThresholdCommand.Create(context)),
            Group("key", "Virtual keys (R1).",
                KeyIssueCommand.Create(context),
                KeyListCommand.Create(context),
                KeyShowCommand.Create(context),
                KeyRevokeCommand.Create(context),
                KeyFreezeCommand.Create(context),
                KeyUnfreezeCommand.Create(context),
                KeyShareCommand.Create(context),
                KeyTreeCommand.Create(context),
                KeyMembersCommand.Create(context),
                KeyGiveUpCommand.Create(context),
                KeyChangeCommand.Create(context)),
            Group("rental", "Car rentals; a return rotates the car's key (R0).",
                RentalListingCommand.Create(context),
                RentalStartCommand.Create(context),
                RentalListCommand.Create(context),
                RentalReturnCommand.Create(context)),
            Group("garage", "Garages (APDS places): floors, address, map.",
                GarageCreateCommand.Create(context),
                GarageListCommand.Create(context),
                GarageShowCommand.Create(context),
                GarageImportCommand.Create(context),
                GarageExportCommand.Create(context),
                GarageOccupancyCommand.Create(context)),
            Group("space", "Parking spaces (APDS spaces): each bound to one parking lock, with its rules.",
                SpaceCreateCommand.Create(context),
                SpaceListCommand.Create(context),
                SpaceShowCommand.Create(context),
                SpaceRulesCommand.Create(context),
                SpaceOccupancyCommand.Create(context),
                SpaceReportCommand.Create(context),
                SpaceAvailabilityCommand.Create(context)),
            Group("reservation", "Reservations of parking spaces, each with the renter's key for the lock (R2.11).",
                ReservationMakeCommand.Create(context),
                ReservationListCommand.Create(context),
                ReservationShowCommand.Create(context),
                ReservationCancelCommand.Create(context)),
            Group("rotation", "Epoch key rotations and their acknowledgements (R0).",
                RotationStartCommand.Create(context),
                RotationListCommand.Create(context),
                RotationShowCommand.Create(context),
                RotationRedriveCommand.Create(context),
                RotationWatchCommand.Create(context)),
            Group("audit", "The audit log.",
                AuditListCommand.Create(context)),
            Group("notifications", "Your notifications: the feed and a live watch.",
                NotificationsListCommand.Create(context),
                NotificationsWatchCommand.Create(context)),
            Group("webhook", "Your webhook endpoints: signed notifications POSTed to your server, retried for a day.",
                WebhookRegisterCommand.Create(context),
                WebhookListCommand.Create(context),
                WebhookRemoveCommand.Create(context),
                WebhookDeadLettersCommand.Create(context),
                WebhookReplayCommand.Create(context)),
            Group("phone", "A phone client: fetch your keys, then unlock, lock or start over BLE (the simulator's bridge) with no network.",
                PhoneFetchCommand.Create(context),
                PhoneKeysCommand.Create(context),
                PhoneUnlockCommand.Create(context),
                PhoneLockCommand.Create(context),
                PhoneStartCommand.Create(context),
                PhoneMapCommand.Create(context)),
            Group("protocol", "Inspect the ShareKey binary protocol (docs/protocol.md).",
                ProtocolTourCommand.Create(output),
                ProtocolDecodeCommand.Create(output, error)),
        });
    }

    private static Command Group(string name, string description, params Command[] commands)
    {
        var group = new Command(name, description);
        foreach (var command in commands)
        {
            group.Subcommands.Add(command);
        }

        return group;
    }
}
