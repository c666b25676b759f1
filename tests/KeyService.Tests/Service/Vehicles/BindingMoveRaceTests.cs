using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Secrets;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Tests.Storage;
using ShareKey.KeyService.Vehicles;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Service.Vehicles;

/// <summary>
/// A VIN moving to a new T-BOX while a session holds the T-BOX that had it, on PostgreSQL (SQLite
/// runs one write session at a time): the car's modem reports from a replacement T-BOX while the
/// old one is locked (a key being issued for the VIN, a decommissioning). The move locks the old
/// T-BOX before ending its binding, so it waits, and the holder sees its device's binding unchanged
/// until it commits; before, the move ended it under the holder's lock.
/// </summary>
public sealed class BindingMoveRaceTests(PostgresStoreFixture postgres) : StoreTests(postgres), IClassFixture<PostgresStoreFixture>
{
    private const string Vin = "1M8GDM9AXKP042788";
    private const string Imsi = "310150123456789";

    private readonly SecretSealer sealer = new(Sample.Bytes(32));

    [Fact]
    public async Task A_vin_moving_away_from_a_held_tbox_waits_for_its_holder()
    {
        var old = await AddTboxAsync();
        var replacement = await AddTboxAsync();
        await CommitAsync(s => s.Bindings.InsertAsync(Vin, Imsi, old.Id, Sample.At(1), Ct));
        var bindings = BindingService();

        Task move;
        bool waited;
        Binding? boundWhileHeld;
        var holder = await Store.BeginAsync(Ct);
        try
        {
            await holder.Devices.GetAsync(old.Id, forUpdate: true, Ct);
            move = Task.Run(() => Runner().RunAsync("binding the replacement", async s =>
            {
                var claimant = await s.Devices.GetAsync(replacement.Id, forUpdate: true, Ct);
                await bindings.HandleAsync(s, [(claimant!, new BindRequestMessage { Vin = Vin, Imsi = Imsi })], Ct);
            }, Ct));
            waited = await postgres.WaitsBeforeAsync(Fixture.StoreDatabase, move);
            boundWhileHeld = await holder.Bindings.ActiveByDeviceAsync(old.Id, Ct);
            await holder.CommitAsync(Ct);
        }
        finally
        {
            await holder.DisposeAsync();
        }

        await move;
        Assert.True(waited, "The move ended the binding of a T-BOX another session held.");
        Assert.Equal(Vin, boundWhileHeld?.Vin);
        Assert.Equal(replacement.Id, (await ReadAsync(s => s.Bindings.ActiveByVinAsync(Vin, Ct)))?.DeviceId);
        Assert.Null(await ReadAsync(s => s.Bindings.ActiveByDeviceAsync(old.Id, Ct)));
    }

    /// <summary>A T-BOX whose root key opens, so its outbox can carry the BindResult; never seen, so its VIN is not contested.</summary>
    private async Task<Device> AddTboxAsync()
    {
        var id = Sample.Id();
        var device = Sample.Device() with { Id = id, RootKeySealed = sealer.Seal(Sample.Bytes(32), SecretSealer.RootPurpose(id)), LastSeenAt = null };
        await CommitAsync(s => s.Devices.InsertAsync(device, Ct));
        return device;
    }

    private TransactionRunner Runner() => new(Store, TransactionRetry.Default, new IgnoredRetries(), NullLogger<TransactionRunner>.Instance);

    private BindingService BindingService() => new(
        Store,
        new OutboxWriter(new DeviceCrypto(sealer), TimeProvider.System, Options.Create(new RotationOptions()), new OutboxSignal()),
        new AuditLog(Runner(), TimeProvider.System),
        Options.Create(new VehicleOptions()),
        TimeProvider.System);
}
