using ShareKey.KeyService.Devices;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>
/// The store's one lock order (Storage/Sql/DeviceLocks.cs) on both databases: a device is locked
/// before its keys, rotation or outbox change — checked by every session; breaking it is a
/// programming error and says where the rule is written — and several devices in ascending id order.
/// </summary>
public abstract class LockOrderTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public async Task Several_devices_are_locked_in_ascending_id_order()
    {
        var (low, high) = await TwoDevicesAsync();

        var locked = await CommitAsync(async s =>
        {
            var both = await s.Devices.LockAsync([high, low, high], Ct);
            s.Devices.RequireLocked(low, "starting a rotation");
            s.Devices.RequireLocked(high, "starting a rotation");
            return both.Select(device => device.Id).ToList();
        });

        Assert.Equal([low, high], locked);
    }

    [Fact]
    public async Task A_device_is_locked_before_what_hangs_off_it_changes()
    {
        var device = await AddDeviceAsync();
        var fresh = Sample.Device();

        var broken = await Assert.ThrowsAsync<InvalidOperationException>(() => CommitAsync(async s =>
        {
            await s.Devices.GetAsync(device.Id, forUpdate: false, Ct);
            s.Devices.RequireLocked(device.Id, "starting a rotation");
        }));

        Assert.Equal($"Lock order broken: starting a rotation of device {device.Id:x16} in a session that did not lock the device's row first (Storage/Sql/DeviceLocks.cs).", broken.Message);
        await CommitAsync(async s =>
        {
            await s.Devices.GetAsync(device.Id, forUpdate: true, Ct);
            s.Devices.RequireLocked(device.Id, "starting a rotation");
            // A device this session inserted is its own, whatever its id.
            await s.Devices.InsertAsync(fresh, Ct);
            s.Devices.RequireLocked(fresh.Id, "starting a rotation");
        });
    }

    private async Task<(ulong Low, ulong High)> TwoDevicesAsync()
    {
        var one = (await AddDeviceAsync()).Id;
        var other = (await AddDeviceAsync()).Id;
        return (Math.Min(one, other), Math.Max(one, other));
    }
}

public sealed class SqliteLockOrderTests(SqliteStoreFixture fixture) : LockOrderTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresLockOrderTests(PostgresStoreFixture fixture) : LockOrderTests(fixture), IClassFixture<PostgresStoreFixture>;
