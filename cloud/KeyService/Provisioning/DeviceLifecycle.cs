using System.Security.Cryptography;
using ShareKey.KeyService.Api;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Auth;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Gateway;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Secrets;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Vehicles;
using ShareKey.Protocol.Security;

namespace ShareKey.KeyService.Provisioning;

/// <summary>A board's life in the service: provisioning, what is known of it, decommissioning. Operators only.</summary>
public sealed class DeviceLifecycle(IKeyStore store, DeviceCrypto crypto, RotationService rotations, AuditLog audit, BrokerEndpoint broker, TimeProvider time)
{
    public const int MaxNameLength = 24;

    /// <summary>
    /// Registers a new board with a fresh root key and starts its first rotation (epoch 1), which the
    /// board acknowledges on its first connection. Returns its configuration file — the only time the
    /// root key leaves the service.
    /// </summary>
    public Task<ProvisionedDevice> ProvisionAsync(Caller caller, DeviceKind kind, string name, CancellationToken cancellationToken)
    {
        caller.RequireOperator("provision devices");
        name = NameRule.Apply(name, "name");
        return audit.RunAsync(caller.Actor, "device.provision", name, async session =>
        {
            if (await session.Devices.FindActiveByNameAsync(name, cancellationToken) is { } taken)
            {
                throw new ServiceError(ErrorCode.Conflict, $"Device {taken.Id:x16} is in service under the name '{taken.Name}'; pick another name (names are compared without letter case).", "name");
            }

            var id = Ids.NewId();
            var rootKey = RandomNumberGenerator.GetBytes(DeviceSecrets.RootKeyLength);
            var device = new Device(id, kind, name, DeviceState.Active, crypto.Sealer.Seal(rootKey, SecretSealer.RootPurpose(id)), 0, null, 0, 0, time.GetUtcNow(), null, null);
            await session.Devices.InsertAsync(device, cancellationToken);
            await rotations.StartAsync(session, device, RotationCause.Provision, rentalId: null, [], caller.Actor, cancellationToken);
            await audit.AppendAsync(session, caller.Actor, "device.provision", DeviceService.Target(id), $"kind={BoardConfigFile.KindName(kind)} name={name}", cancellationToken);
            var secrets = crypto.SecretsOf(device);
            return new ProvisionedDevice(device, BoardConfigFile.Write(device, rootKey, secrets, broker), $"{id:x16}", secrets.MqttPassword);
        }, cancellationToken);
    }

    public async Task<DeviceDetails> ShowAsync(Caller caller, ulong id, CancellationToken cancellationToken)
    {
        caller.RequireOperator("see devices");
        await using var session = await store.BeginReadAsync(cancellationToken);
        var device = await session.Devices.GetAsync(id, forUpdate: false, cancellationToken) ?? throw DeviceService.NotFound(id);
        return new DeviceDetails(
            device,
            await session.Bindings.ActiveByDeviceAsync(id, cancellationToken),
            await session.Rotations.OpenForDeviceAsync(id, cancellationToken),
            await session.Reports.KeyReportAsync(id, cancellationToken));
    }

    /// <summary>Takes a board out of service: its keys are revoked, its pending messages cancelled, its binding ended.</summary>
    public Task<Device> DecommissionAsync(Caller caller, ulong id, CancellationToken cancellationToken)
    {
        caller.RequireOperator("decommission devices");
        return audit.RunAsync(caller.Actor, "device.decommission", DeviceService.Target(id), async session =>
        {
            var device = await session.Devices.GetAsync(id, forUpdate: true, cancellationToken) ?? throw DeviceService.NotFound(id);
            if (device.State == DeviceState.Decommissioned)
            {
                throw new ServiceError(ErrorCode.DeviceDecommissioned, $"Device {id:x16} was decommissioned at {device.DecommissionedAt:u}.");
            }

            var now = time.GetUtcNow();
            var revoked = 0;
            // Frozen keys too: a freeze lifted later must not bring a key of a retired board back to life.
            foreach (var key in await session.Keys.LiveOfDeviceAsync(id, cancellationToken))
            {
                await session.Keys.UpdateAsync(key with { State = KeyState.Revoked, UpdatedAt = now }, cancellationToken);
                revoked++;
            }

            var cancelled = await session.Outbox.CancelPendingAsync(id, cancellationToken);
            if (await session.Rotations.OpenForDeviceAsync(id, cancellationToken) is { } open)
            {
                await session.Rotations.UpdateAsync(open with { State = RotationState.Failed, LastError = "device decommissioned", UpdatedAt = now }, cancellationToken);
            }

            if (await session.Bindings.ActiveByDeviceAsync(id, cancellationToken) is { } binding)
            {
                await session.Bindings.EndAsync(binding.Id, now, "device decommissioned", cancellationToken);
            }

            var retired = device with { State = DeviceState.Decommissioned, DecommissionedAt = now };
            await session.Devices.UpdateAsync(retired, cancellationToken);
            await audit.AppendAsync(session, caller.Actor, "device.decommission", DeviceService.Target(id), $"keys-revoked={revoked} messages-cancelled={cancelled}", cancellationToken);
            return retired;
        }, cancellationToken);
    }

    /// <summary>The API applies the same rule while reading the request; this holds it for every other caller.</summary>
    private static readonly AsciiNameAttribute NameRule = new(MaxNameLength);
}

public sealed record ProvisionedDevice(Device Device, string BoardConfig, string MqttUsername, string MqttPassword);

public sealed record DeviceDetails(Device Device, Vehicles.Binding? Binding, RotationRecord? OpenRotation, DeviceKeyReport? LastReport);
