using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Tests.Storage;

public abstract class DeviceTableTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public async Task A_device_with_every_field_at_its_largest_reads_back()
    {
        var device = new Device(
            ulong.MaxValue - (ulong)Random.Shared.Next(1_000_000), DeviceKind.ParkingLock, Sample.Name("lock"), DeviceState.Decommissioned,
            Sample.Bytes(60), uint.MaxValue, Sample.Bytes(60), uint.MaxValue, uint.MaxValue, Sample.At(1), Sample.At(2), Sample.At(3));
        await CommitAsync(s => s.Devices.InsertAsync(device, Ct));

        AssertSame(device, await ReadAsync(s => s.Devices.GetAsync(device.Id, forUpdate: false, Ct)));
        AssertSame(device, await ReadAsync(s => s.Devices.GetAsync(device.Id, forUpdate: true, Ct)));
    }

    [Fact]
    public async Task A_device_with_every_optional_field_empty_reads_back()
    {
        var device = Sample.Device() with { Epoch = 0, EpochKeySealed = null, LastDownMessageId = 0, BulletinSequence = 0, LastSeenAt = null };
        await CommitAsync(s => s.Devices.InsertAsync(device, Ct));

        AssertSame(device, await ReadAsync(s => s.Devices.GetAsync(device.Id, forUpdate: false, Ct)));
        Assert.Null(await ReadAsync(s => s.Devices.GetAsync(Sample.Id(), forUpdate: false, Ct)));
    }

    [Fact]
    public async Task A_taken_id_conflicts_and_keeps_the_first_device()
    {
        var device = await AddDeviceAsync();

        await CommitAsync(s => Assert.ThrowsAsync<StoreConflictException>(() => s.Devices.InsertAsync(Sample.Device() with { Id = device.Id }, Ct)));

        AssertSame(device, await ReadAsync(s => s.Devices.GetAsync(device.Id, forUpdate: false, Ct)));
    }

    [Fact]
    public async Task Update_rewrites_every_column_and_tells_when_the_row_is_gone()
    {
        var device = await AddDeviceAsync();
        var changed = new Device(
            device.Id, DeviceKind.ParkingLock, "renamed", DeviceState.Decommissioned, Sample.Bytes(61), 9, null, 200, 13,
            Sample.At(100), Sample.At(101), Sample.At(102));

        Assert.True(await CommitAsync(async s =>
        {
            await s.Devices.GetAsync(device.Id, forUpdate: true, Ct);
            return await s.Devices.UpdateAsync(changed, Ct);
        }));
        var gone = Sample.Id();
        Assert.False(await CommitAsync(async s =>
        {
            await s.Devices.GetAsync(gone, forUpdate: true, Ct);
            return await s.Devices.UpdateAsync(changed with { Id = gone }, Ct);
        }));

        AssertSame(changed, await ReadAsync(s => s.Devices.GetAsync(device.Id, forUpdate: false, Ct)));
    }

    [Fact]
    public async Task A_row_is_rewritten_only_under_its_lock()
    {
        var device = await AddDeviceAsync();

        // Read without the lock, another session's commit (a down message numbered, an epoch or a
        // bulletin) could come between the read and the write, and the write would put it back.
        var broken = await Assert.ThrowsAsync<InvalidOperationException>(() => CommitAsync(async s =>
        {
            var read = await s.Devices.GetAsync(device.Id, forUpdate: false, Ct);
            await s.Devices.UpdateAsync(read! with { Rentable = true }, Ct);
        }));

        Assert.Equal($"Lock order broken: rewriting the row of device {device.Id:x16} in a session that did not lock the device's row first (Storage/Sql/DeviceLocks.cs).", broken.Message);
        AssertSame(device, await ReadAsync(s => s.Devices.GetAsync(device.Id, forUpdate: false, Ct)));
    }

    [Fact]
    public async Task Locking_several_takes_them_in_one_go_in_unsigned_id_order()
    {
        var low = Sample.Device() with { Id = (ulong)Random.Shared.Next(1, 1_000_000) };
        var middle = Sample.Device() with { Id = (1UL << 62) + (ulong)Random.Shared.Next(1_000_000) };
        var high = Sample.Device() with { Id = ulong.MaxValue - (ulong)Random.Shared.Next(1_000_000) };
        await CommitAsync(async s =>
        {
            foreach (var device in new[] { high, low, middle })
            {
                await s.Devices.InsertAsync(device, Ct);
            }
        });

        // A missing device is left out; one named twice comes once.
        var locked = await CommitAsync(s => s.Devices.LockAsync([high.Id, Sample.Id(), low.Id, middle.Id, high.Id], Ct));

        Assert.Equal([low.Id, middle.Id, high.Id], locked.Select(device => device.Id));
        AssertSame(high, locked[2]);
    }

    [Fact]
    public async Task A_locked_device_read_again_shows_what_the_session_wrote_to_it()
    {
        var device = await AddDeviceAsync();

        await CommitAsync(async s =>
        {
            AssertSame(device, (await s.Devices.LockAsync([device.Id], Ct)).Single());
            AssertSame(device, await s.Devices.GetAsync(device.Id, forUpdate: true, Ct));

            await s.Devices.TouchAsync(device.Id, Sample.At(50), Ct);
            Assert.Equal(Sample.At(50), (await s.Devices.GetAsync(device.Id, forUpdate: true, Ct))!.LastSeenAt);

            Assert.Equal(device.LastDownMessageId + 1, await s.Devices.NextDownMessageIdAsync(device.Id, Ct));
            Assert.Equal(device.LastDownMessageId + 1, (await s.Devices.GetAsync(device.Id, forUpdate: false, Ct))!.LastDownMessageId);

            var renamed = (await s.Devices.GetAsync(device.Id, forUpdate: true, Ct))! with { Name = "renamed", Epoch = 8 };
            Assert.True(await s.Devices.UpdateAsync(renamed, Ct));
            AssertSame(renamed, (await s.Devices.LockAsync([device.Id], Ct)).Single());
            AssertSame(renamed, await s.Devices.GetAsync(device.Id, forUpdate: true, Ct));
        });
    }

    [Fact]
    public async Task Devices_list_by_kind_and_state_oldest_first()
    {
        await using var store = await Fixture.NewStoreAsync();
        Device[] devices =
        [
            Sample.Device(DeviceKind.TBox) with { CreatedAt = Sample.At(3) },
            Sample.Device(DeviceKind.ParkingLock) with { CreatedAt = Sample.At(2) },
            Sample.Device(DeviceKind.TBox) with { CreatedAt = Sample.At(1), State = DeviceState.Decommissioned },
        ];
        await CommitAsync(async s =>
        {
            foreach (var device in devices)
            {
                await s.Devices.InsertAsync(device, Ct);
            }
        }, store);

        async Task<ulong[]> List(DeviceKind? kind, DeviceState? state) =>
            [.. (await ReadAsync(s => s.Devices.ListAsync(kind, state, Ct), store)).Select(d => d.Id)];

        Assert.Equal([devices[2].Id, devices[1].Id, devices[0].Id], await List(null, null));
        Assert.Equal([devices[2].Id, devices[0].Id], await List(DeviceKind.TBox, null));
        Assert.Equal([devices[1].Id, devices[0].Id], await List(null, DeviceState.Active));
        Assert.Equal([devices[0].Id], await List(DeviceKind.TBox, DeviceState.Active));
        AssertSame(devices[1], (await ReadAsync(s => s.Devices.ListAsync(DeviceKind.ParkingLock, null, Ct), store)).Single());

        // A page at a time, in the same order, past the last device of the page before.
        async Task<ulong[]> Pages(DeviceKind? kind, DeviceState? state, int limit)
        {
            var ids = new List<ulong>();
            Device? after = null;
            while (true)
            {
                var page = await ReadAsync(s => s.Devices.PageAsync(kind, state, after, limit, Ct), store);
                Assert.InRange(page.Count, 0, limit);
                ids.AddRange(page.Select(d => d.Id));
                if (page.Count < limit)
                {
                    return [.. ids];
                }

                after = page[^1];
            }
        }

        Assert.Equal(await List(null, null), await Pages(null, null, 1));
        Assert.Equal(await List(null, null), await Pages(null, null, 2));
        Assert.Equal(await List(DeviceKind.TBox, null), await Pages(DeviceKind.TBox, null, 1));
        // The cursor's place holds whatever the filter: active devices after a decommissioned one.
        Assert.Equal([devices[1].Id], (await ReadAsync(s => s.Devices.PageAsync(null, DeviceState.Active, devices[2], 1, Ct), store)).Select(d => d.Id));
    }

    [Fact]
    public async Task Down_message_ids_count_up_from_the_stored_one()
    {
        var device = await AddDeviceAsync();

        var first = await CommitAsync(s => s.Devices.NextDownMessageIdAsync(device.Id, Ct));
        var second = await CommitAsync(s => s.Devices.NextDownMessageIdAsync(device.Id, Ct));

        Assert.Equal([device.LastDownMessageId + 1, device.LastDownMessageId + 2], [first, second]);
        Assert.Equal(second, (await ReadAsync(s => s.Devices.GetAsync(device.Id, forUpdate: false, Ct)))!.LastDownMessageId);
        await CommitAsync(s => Assert.ThrowsAsync<InvalidOperationException>(() => s.Devices.NextDownMessageIdAsync(Sample.Id(), Ct)));
    }

    [Fact]
    public async Task Down_message_ids_never_wrap()
    {
        var device = Sample.Device() with { LastDownMessageId = uint.MaxValue };
        await CommitAsync(s => s.Devices.InsertAsync(device, Ct));

        var failure = await Record.ExceptionAsync(() => CommitAsync(s => s.Devices.NextDownMessageIdAsync(device.Id, Ct)));

        Assert.NotNull(failure);
        Assert.IsNotType<StoreConflictException>(failure);
        Assert.Equal(uint.MaxValue, (await ReadAsync(s => s.Devices.GetAsync(device.Id, forUpdate: false, Ct)))!.LastDownMessageId);
    }

    [Fact]
    public async Task Touch_only_moves_last_seen_forward()
    {
        var device = await AddDeviceAsync();
        var fresh = Sample.Device() with { LastSeenAt = null };
        await CommitAsync(s => s.Devices.InsertAsync(fresh, Ct));

        await CommitAsync(async s =>
        {
            await s.Devices.TouchAsync(device.Id, Sample.At(50), Ct);
            await s.Devices.TouchAsync(device.Id, Sample.At(40), Ct);
            await s.Devices.TouchAsync(fresh.Id, Sample.At(7), Ct);
        });

        Assert.Equal(Sample.At(50), (await ReadAsync(s => s.Devices.GetAsync(device.Id, forUpdate: false, Ct)))!.LastSeenAt);
        Assert.Equal(Sample.At(7), (await ReadAsync(s => s.Devices.GetAsync(fresh.Id, forUpdate: false, Ct)))!.LastSeenAt);
    }

    [Fact]
    public async Task A_name_in_service_is_taken_in_any_letter_case_until_its_device_is_decommissioned()
    {
        var first = await AddDeviceAsync();
        var twin = Sample.Device() with { Name = first.Name.ToUpperInvariant() };

        await CommitAsync(s => Assert.ThrowsAsync<StoreConflictException>(() => s.Devices.InsertAsync(twin, Ct)));
        AssertSame(first, await ReadAsync(s => s.Devices.FindActiveByNameAsync(twin.Name, Ct)));
        Assert.Null(await ReadAsync(s => s.Devices.GetAsync(twin.Id, forUpdate: false, Ct)));

        await CommitAsync(async s =>
        {
            await s.Devices.GetAsync(first.Id, forUpdate: true, Ct);
            await s.Devices.UpdateAsync(first with { State = DeviceState.Decommissioned, DecommissionedAt = Sample.At(9) }, Ct);
        });
        Assert.Null(await ReadAsync(s => s.Devices.FindActiveByNameAsync(first.Name, Ct)));
        await CommitAsync(s => s.Devices.InsertAsync(twin, Ct));
        AssertSame(twin, await ReadAsync(s => s.Devices.FindActiveByNameAsync(first.Name, Ct)));
    }
}

public sealed class SqliteDeviceTableTests(SqliteStoreFixture fixture) : DeviceTableTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresDeviceTableTests(PostgresStoreFixture fixture) : DeviceTableTests(fixture), IClassFixture<PostgresStoreFixture>;
