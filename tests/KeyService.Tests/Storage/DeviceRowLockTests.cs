using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Uplinks;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>
/// How a device's row is held (Devices/SqlDeviceTable.cs), on PostgreSQL (SQLite runs one write
/// session at a time): FOR NO KEY UPDATE. Another session may still insert and commit a row naming
/// the held device (its foreign-key check takes FOR KEY SHARE, which FOR UPDATE blocked until the
/// holder ended), while two sessions locking the same device still take turns.
/// </summary>
public sealed class DeviceRowLockTests(PostgresStoreFixture postgres) : StoreTests(postgres), IClassFixture<PostgresStoreFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_row_naming_a_held_device_commits_without_waiting_for_the_holder(bool lockedAsBatch)
    {
        var device = await AddDeviceAsync();
        var holder = await Store.BeginAsync(Ct);
        Task<bool> recorded;
        bool waited;
        try
        {
            if (lockedAsBatch)
            {
                await holder.Devices.LockAsync([device.Id], Ct);
            }
            else
            {
                await holder.Devices.GetAsync(device.Id, forUpdate: true, Ct);
            }

            recorded = Task.Run(() => CommitAsync(s => s.Uplinks.TryRecordAsync(device.Id, 1, MessageType.Event, Sample.At(1), Ct)));
            waited = await postgres.WaitsBeforeAsync(Fixture.StoreDatabase, recorded);
            await holder.CommitAsync(Ct);
        }
        finally
        {
            await holder.DisposeAsync();
        }

        Assert.True(await recorded);
        Assert.False(waited, "The uplink's commit waited for the session holding its device.");
    }

    [Fact]
    public async Task Two_sessions_locking_one_device_take_turns()
    {
        var device = await AddDeviceAsync();
        var holder = await Store.BeginAsync(Ct);
        Task<string?> second;
        bool waited;
        try
        {
            var held = await holder.Devices.GetAsync(device.Id, forUpdate: true, Ct);
            await holder.Devices.UpdateAsync(held! with { Name = "renamed by the holder" }, Ct);
            second = Task.Run(() => CommitAsync(async s => (await s.Devices.GetAsync(device.Id, forUpdate: true, Ct))?.Name));
            waited = await postgres.WaitsBeforeAsync(Fixture.StoreDatabase, second);
            await holder.CommitAsync(Ct);
        }
        finally
        {
            await holder.DisposeAsync();
        }

        Assert.True(waited, "The second session locked the device while another held it.");
        Assert.Equal("renamed by the holder", await second);
    }
}
