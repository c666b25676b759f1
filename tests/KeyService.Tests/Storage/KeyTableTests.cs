using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Problems;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Vehicles;
using ShareKey.Protocol.Tokens;

namespace ShareKey.KeyService.Tests.Storage;

public abstract class KeyTableTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public async Task A_key_with_every_field_at_its_largest_reads_back()
    {
        var device = await AddDeviceAsync();
        var holder = await AddUserAsync();
        var key = new VirtualKey(
            Sample.Id(), device.Id, holder.Id, KeyType.Shared, (Permissions)0xff, (TokenFlags)0xff, uint.MaxValue, uint.MaxValue - 1,
            uint.MaxValue, ushort.MaxValue, ulong.MaxValue, KeyState.Frozen, long.MaxValue, Sample.At(1), Sample.At(2), new KeyFreeze(ulong.MaxValue, int.MaxValue, Sample.At(3)));

        await CommitAsync(s => s.Keys.InsertAsync(key, Ct));

        AssertSame(key, await ReadAsync(s => s.Keys.GetAsync(key.Id, Ct)));
        Assert.Null(await ReadAsync(s => s.Keys.GetAsync(Sample.Id(), Ct)));
    }

    [Fact]
    public async Task Several_keys_are_read_by_id_at_once_and_missing_ones_left_out()
    {
        var device = await AddDeviceAsync();
        var holder = await AddUserAsync();
        VirtualKey[] keys = [Sample.Key(device.Id, holder.Id), Sample.Key(device.Id, holder.Id) with { Id = ulong.MaxValue - (ulong)Random.Shared.Next(1, 1_000_000) }, Sample.Key(device.Id, holder.Id)];
        await CommitAsync(async s =>
        {
            foreach (var key in keys)
            {
                await s.Keys.InsertAsync(key, Ct);
            }
        });

        var read = await ReadAsync(s => s.Keys.GetManyAsync([keys[1].Id, Sample.Id(), keys[0].Id, keys[1].Id], Ct));

        AssertSame(new[] { keys[0], keys[1] }.OrderBy(key => key.Id).ToList(), read.OrderBy(key => key.Id).ToList());
        Assert.Empty(await ReadAsync(s => s.Keys.GetManyAsync([], Ct)));
    }

    [Fact]
    public async Task A_taken_id_conflicts()
    {
        var device = await AddDeviceAsync();
        var holder = await AddUserAsync();
        var key = Sample.Key(device.Id, holder.Id);
        await CommitAsync(s => s.Keys.InsertAsync(key, Ct));

        await CommitAsync(s => Assert.ThrowsAsync<StoreConflictException>(() => s.Keys.InsertAsync(key with { Epoch = 99 }, Ct)));

        AssertSame(key, await ReadAsync(s => s.Keys.GetAsync(key.Id, Ct)));
    }

    [Fact]
    public async Task Keys_list_by_device_holder_and_state_oldest_first()
    {
        var (deviceA, deviceB) = (await AddDeviceAsync(), await AddDeviceAsync());
        var (alice, bob) = (await AddUserAsync(), await AddUserAsync());
        VirtualKey[] keys =
        [
            Sample.Key(deviceA.Id, alice.Id) with { CreatedAt = Sample.At(3) },
            Sample.Key(deviceA.Id, bob.Id) with { CreatedAt = Sample.At(2), State = KeyState.Revoked },
            Sample.Key(deviceB.Id, alice.Id) with { CreatedAt = Sample.At(1) },
        ];
        await CommitAsync(async s =>
        {
            foreach (var key in keys)
            {
                await s.Keys.InsertAsync(key, Ct);
            }
        });

        async Task<ulong[]> List(ulong? device, ulong? holder, KeyState? state) =>
            [.. (await ReadAsync(s => s.Keys.ListAsync(device, holder, state, Ct))).Select(k => k.Id)];

        Assert.Equal([keys[1].Id, keys[0].Id], await List(deviceA.Id, null, null));
        Assert.Equal([keys[2].Id, keys[0].Id], await List(null, alice.Id, null));
        Assert.Equal([keys[0].Id], await List(deviceA.Id, null, KeyState.Active));
        Assert.Equal([keys[1].Id], await List(deviceA.Id, bob.Id, KeyState.Revoked));
        Assert.Empty(await List(deviceB.Id, bob.Id, null));
        AssertSame(keys[2], (await ReadAsync(s => s.Keys.ListAsync(deviceB.Id, null, null, Ct))).Single());
    }

    [Fact]
    public async Task Keys_page_newest_first_by_device_holder_and_state_and_go_on_after_the_last_key_of_a_page()
    {
        var (deviceA, deviceB) = (await AddDeviceAsync(), await AddDeviceAsync());
        var (alice, bob) = (await AddUserAsync(), await AddUserAsync());
        VirtualKey[] keys =
        [
            Sample.Key(deviceA.Id, alice.Id) with { CreatedAt = Sample.At(1) },
            Sample.Key(deviceA.Id, alice.Id) with { CreatedAt = Sample.At(2), State = KeyState.Revoked },
            // Two keys made in the same millisecond: the id orders them, as stored (signed).
            Sample.Key(deviceA.Id, alice.Id) with { CreatedAt = Sample.At(3) },
            Sample.Key(deviceA.Id, alice.Id) with { CreatedAt = Sample.At(3) },
            Sample.Key(deviceA.Id, bob.Id) with { CreatedAt = Sample.At(2.5) },
            Sample.Key(deviceB.Id, alice.Id) with { CreatedAt = Sample.At(4) },
        ];
        await CommitAsync(async s =>
        {
            foreach (var key in keys)
            {
                await s.Keys.InsertAsync(key, Ct);
            }
        });

        ulong[] Expected(Func<VirtualKey, bool> listed) =>
            [.. keys.Where(listed).OrderByDescending(k => k.CreatedAt).ThenByDescending(k => unchecked((long)k.Id)).Select(k => k.Id)];

        async Task<ulong[]> Pages(ulong? device, ulong? holder, KeyState? state, int limit)
        {
            var ids = new List<ulong>();
            VirtualKey? before = null;
            while (true)
            {
                var page = await ReadAsync(s => s.Keys.PageAsync(device, holder, state, before, limit, Ct));
                Assert.InRange(page.Count, 0, limit);
                ids.AddRange(page.Select(k => k.Id));
                if (page.Count < limit)
                {
                    return [.. ids];
                }

                before = page[^1];
            }
        }

        Assert.Equal(Expected(k => k.DeviceId == deviceA.Id), await Pages(deviceA.Id, null, null, 2));
        Assert.Equal(Expected(k => k.HolderId == alice.Id), await Pages(null, alice.Id, null, 1));
        Assert.Equal(Expected(k => k.HolderId == alice.Id), await Pages(null, alice.Id, null, 3));
        // Every key of the store, other tests' too: ours among them in order.
        Assert.Equal(Expected(_ => true), (await Pages(null, null, null, 4)).Intersect(keys.Select(k => k.Id)));
        Assert.Equal(Expected(k => k.DeviceId == deviceA.Id && k.HolderId == alice.Id && k.State == KeyState.Active), await Pages(deviceA.Id, alice.Id, KeyState.Active, 1));
        Assert.Empty(await Pages(deviceB.Id, bob.Id, null, 5));
        // A page starts after its cursor, whatever the cursor's state or filter now.
        var tied = Expected(k => k.CreatedAt == Sample.At(3));
        var afterFirstOfTie = await ReadAsync(s => s.Keys.PageAsync(null, alice.Id, KeyState.Revoked, keys.Single(k => k.Id == tied[0]), 10, Ct));
        AssertSame(keys[1], afterFirstOfTie.Single());
        Assert.Equal([tied[1]], (await ReadAsync(s => s.Keys.PageAsync(deviceA.Id, null, null, keys.Single(k => k.Id == tied[0]), 1, Ct))).Select(k => k.Id));
    }

    [Fact]
    public async Task Update_rewrites_every_column_and_tells_when_the_row_is_gone()
    {
        var device = await AddDeviceAsync();
        var holder = await AddUserAsync();
        var key = Sample.Key(device.Id, holder.Id);
        await CommitAsync(s => s.Keys.InsertAsync(key, Ct));
        var changed = new VirtualKey(
            key.Id, device.Id, holder.Id, KeyType.Owner, Permissions.Manage, TokenFlags.None, 8, 1, 2, 3, Sample.Id(), KeyState.Revoked, 77,
            Sample.At(100), Sample.At(101), new KeyFreeze(Sample.Id(), 2, Sample.At(102)));

        Assert.True(await CommitAsync(s => s.Keys.UpdateAsync(changed, Ct)));
        AssertSame(changed, await ReadAsync(s => s.Keys.GetAsync(key.Id, Ct)));
        changed = changed with { Freeze = null };
        Assert.True(await CommitAsync(s => s.Keys.UpdateAsync(changed, Ct)));
        Assert.False(await CommitAsync(s => s.Keys.UpdateAsync(changed with { Id = Sample.Id() }, Ct)));

        AssertSame(changed, await ReadAsync(s => s.Keys.GetAsync(key.Id, Ct)));
    }

    [Fact]
    public async Task Counting_live_keys_follows_the_bulletins_rule_in_any_state()
    {
        var (device, other) = (await AddDeviceAsync(), await AddDeviceAsync());
        var holder = await AddUserAsync();
        const uint now = 1_750_000_000;
        VirtualKey[] keys =
        [
            Sample.Key(device.Id, holder.Id) with { Epoch = 5 },
            Sample.Key(device.Id, holder.Id) with { Epoch = 4, State = KeyState.Frozen },
            Sample.Key(device.Id, holder.Id) with { Epoch = 5, State = KeyState.Revoked },
            Sample.Key(device.Id, holder.Id) with { Epoch = 5, NotAfter = now - 1, TokensNotAfter = now + 1 },
            Sample.Key(device.Id, holder.Id) with { Epoch = 3 },
            Sample.Key(device.Id, holder.Id) with { Epoch = 5, NotAfter = now },
            Sample.Key(device.Id, holder.Id) with { Epoch = 5, NotAfter = now - 1, TokensNotAfter = now },
            Sample.Key(other.Id, holder.Id) with { Epoch = 5 },
        ];
        await CommitAsync(async s =>
        {
            foreach (var key in keys)
            {
                await s.Keys.InsertAsync(key, Ct);
            }
        });

        var counted = await ReadAsync(s => s.Keys.CountLiveAsync(device.Id, 5, now, Ct));

        Assert.Equal(4, counted);
        Assert.Equal(keys.Count(key => key.DeviceId == device.Id && BulletinIssuer.IsLive(key, 5, now)), counted);
    }

    [Fact]
    public async Task The_issue_target_reads_user_vehicle_and_live_keys_together_and_says_what_is_missing()
    {
        var (car, lockDevice, unbound) = (await AddDeviceAsync(), await AddDeviceAsync(), await AddDeviceAsync());
        var holder = await AddUserAsync();
        var vin = Sample.Name("VIN")[..17];
        const uint now = 1_750_000_000;
        await CommitAsync(async s =>
        {
            await s.Bindings.InsertAsync(vin, Sample.Imsi(), car.Id, Sample.At(5), Ct);
            // Counted under the device row's epoch (7): epochs 6 and 7 count, 5 does not, nor an expired key, nor another device's.
            foreach (var key in new[]
            {
                Sample.Key(car.Id, holder.Id) with { Epoch = 7 },
                Sample.Key(car.Id, holder.Id) with { Epoch = 6, State = KeyState.Revoked },
                Sample.Key(car.Id, holder.Id) with { Epoch = 5 },
                Sample.Key(car.Id, holder.Id) with { Epoch = 7, NotAfter = now },
                Sample.Key(lockDevice.Id, holder.Id) with { Epoch = 7 },
            })
            {
                await s.Keys.InsertAsync(key, Ct);
            }
        });

        var byVin = await ReadAsync(s => s.Keys.ReadIssueTargetAsync(holder.Id, vin, null, now, Ct));
        AssertSame(new IssueTarget(holder, car, car.Id, 2), byVin);
        AssertSame(byVin, await ReadAsync(s => s.Keys.ReadIssueTargetAsync(holder.Id, null, car.Id, now, Ct)));
        AssertSame(new IssueTarget(holder, lockDevice, null, 1), await ReadAsync(s => s.Keys.ReadIssueTargetAsync(holder.Id, null, lockDevice.Id, now, Ct)));
        AssertSame(new IssueTarget(null, null, null, 0), await ReadAsync(s => s.Keys.ReadIssueTargetAsync(Sample.Id(), Sample.Name("VIN")[..17], null, now, Ct)));
        AssertSame(new IssueTarget(null, unbound, null, 0), await ReadAsync(s => s.Keys.ReadIssueTargetAsync(Sample.Id(), null, unbound.Id, now, Ct)));
        AssertSame(new IssueTarget(holder, null, null, 0), await ReadAsync(s => s.Keys.ReadIssueTargetAsync(holder.Id, null, Sample.Id(), now, Ct)));
    }

    [Fact]
    public async Task Locking_the_issue_target_holds_the_vehicles_device_and_reads_what_the_issue_target_reads()
    {
        var (car, lockDevice, unboundCar) = (await AddDeviceAsync(), await AddDeviceAsync(), await AddDeviceAsync());
        var holder = await AddUserAsync();
        var vin = Sample.Name("VIN")[..17];
        const uint now = 1_750_000_000;
        await CommitAsync(async s =>
        {
            await s.Bindings.InsertAsync(vin, Sample.Imsi(), car.Id, Sample.At(5), Ct);
            await s.Keys.InsertAsync(Sample.Key(car.Id, holder.Id) with { Epoch = car.Epoch }, Ct);
        });

        foreach (var (byVin, byId, locked) in new (string?, ulong?, ulong)[] { (vin, null, car.Id), (null, car.Id, car.Id), (null, lockDevice.Id, lockDevice.Id), (null, unboundCar.Id, unboundCar.Id) })
        {
            await ReadAsync(async s =>
            {
                var (lockedId, target) = await LockOneAsync(s, holder.Id, byVin, byId, now);
                Assert.Equal(locked, lockedId);
                AssertSame(await s.Keys.ReadIssueTargetAsync(holder.Id, byVin, byId, now, Ct), target);
                // Held in the store's lock order: the key may be written now.
                s.Devices.RequireLocked(locked, "issuing a key");
                var other = locked == car.Id ? lockDevice.Id : car.Id;
                Assert.Throws<InvalidOperationException>(() => s.Devices.RequireLocked(other, "issuing a key"));
                return true;
            });
        }

        // A VIN bound to no T-BOX locks nothing.
        await ReadAsync(async s =>
        {
            var (lockedId, target) = await LockOneAsync(s, holder.Id, Sample.Name("VIN")[..17], null, now);
            Assert.Null(lockedId);
            AssertSame(new IssueTarget(holder, null, null, 0), target);
            Assert.Throws<InvalidOperationException>(() => s.Devices.RequireLocked(car.Id, "issuing a key"));
            return true;
        });
    }

    [Fact]
    public async Task Locking_the_issue_target_waits_for_the_device_and_then_reads_what_was_committed_meanwhile()
    {
        var (car, replacement) = (await AddDeviceAsync(), await AddDeviceAsync());
        var holder = await AddUserAsync();
        var vin = Sample.Name("VIN")[..17];
        const uint now = 1_750_000_000;
        var binding = await CommitAsync(s => s.Bindings.InsertAsync(vin, Sample.Imsi(), car.Id, Sample.At(5), Ct));

        // By id: the car's key committed while the issue waited is counted.
        var byId = await WhileTheCarIsHeldAsync(car, s => s.Keys.InsertAsync(Sample.Key(car.Id, holder.Id) with { Epoch = car.Epoch }, Ct), holder.Id, null, car.Id, now);
        Assert.Equal(car.Id, byId.LockedDeviceId);
        Assert.Equal(1, byId.Target.LiveKeys);

        // By VIN: the VIN moved to another T-BOX while the issue waited. What was read is what was committed, the
        // new T-BOX. On PostgreSQL the lock went to the car the VIN named when the issue began, so the two differ
        // (issuing refuses); on SQLite the issue began only after the other session ended, and holds the new T-BOX.
        var byVin = await WhileTheCarIsHeldAsync(car, async s =>
        {
            await s.Bindings.EndAsync(binding, Sample.At(6), "moved", Ct);
            await s.Bindings.InsertAsync(vin, Sample.Imsi(), replacement.Id, Sample.At(6), Ct);
        }, holder.Id, vin, null, now);
        Assert.Equal(replacement.Id, byVin.Target.Device?.Id);
        Assert.Equal(replacement.Id, byVin.Target.BoundDeviceId);
        Assert.Equal(Fixture.SessionsOverlap ? car.Id : replacement.Id, byVin.LockedDeviceId);
    }

    /// <summary>Locks the issue target while another session holds <paramref name="car"/> and commits <paramref name="meanwhile"/>.</summary>
    private async Task<(ulong? LockedDeviceId, IssueTarget Target)> WhileTheCarIsHeldAsync(
        Device car, Func<IStoreSession, Task> meanwhile, ulong holderId, string? vin, ulong? deviceId, uint now)
    {
        var first = await Store.BeginAsync(Ct);
        Task<(ulong? LockedDeviceId, IssueTarget Target)> issue;
        try
        {
            await first.Devices.LockAsync([car.Id], Ct);
            await meanwhile(first);
            issue = Task.Run(() => CommitAsync(s => LockOneAsync(s, holderId, vin, deviceId, now)));
            await Fixture.UntilSessionWaitsAsync(Fixture.StoreDatabase);
            Assert.False(issue.IsCompleted);
            await first.CommitAsync(Ct);
        }
        finally
        {
            await first.DisposeAsync();
        }

        return await issue;
    }

    [Fact]
    public async Task Locking_several_issue_targets_at_once_holds_every_vehicles_device_and_reads_for_each_what_it_would_read_alone()
    {
        var (car, otherCar, lockDevice, unboundCar) = (await AddDeviceAsync(), await AddDeviceAsync(), await AddDeviceAsync(), await AddDeviceAsync());
        var (holder, other) = (await AddUserAsync(), await AddUserAsync());
        var (vin, otherVin, unboundVin) = (Sample.Name("VIN")[..17], Sample.Name("VIN")[..17], Sample.Name("VIN")[..17]);
        const uint now = 1_750_000_000;
        await CommitAsync(async s =>
        {
            await s.Bindings.InsertAsync(vin, Sample.Imsi(), car.Id, Sample.At(5), Ct);
            await s.Bindings.InsertAsync(otherVin, Sample.Imsi(), otherCar.Id, Sample.At(5), Ct);
            await s.Keys.InsertAsync(Sample.Key(car.Id, holder.Id) with { Epoch = car.Epoch }, Ct);
            await s.Keys.InsertAsync(Sample.Key(lockDevice.Id, holder.Id) with { Epoch = lockDevice.Epoch }, Ct);
        });

        // Unordered, repeated, missing and mixed: by VIN, by id, a VIN bound to nothing, an unknown user and device.
        (ulong UserId, string? Vin, ulong? DeviceId, ulong? Locked)[] asks =
        [
            (holder.Id, otherVin, null, otherCar.Id),
            (holder.Id, vin, null, car.Id),
            (other.Id, null, lockDevice.Id, lockDevice.Id),
            (Sample.Id(), vin, null, car.Id),
            (holder.Id, unboundVin, null, null),
            (other.Id, null, car.Id, car.Id),
            (holder.Id, null, unboundCar.Id, unboundCar.Id),
            (holder.Id, null, 77, 77),
        ];
        await ReadAsync(async s =>
        {
            var held = await s.Keys.LockIssueTargetsAsync([.. asks.Select(ask => Request(ask.UserId, ask.Vin, ask.DeviceId))], now, skipLocked: false, Ct);
            Assert.Equal(asks.Length, held.Count);
            for (var i = 0; i < asks.Length; i++)
            {
                Assert.Equal(asks[i].Locked, held[i].LockedDeviceId);
                AssertSame(await s.Keys.ReadIssueTargetAsync(asks[i].UserId, asks[i].Vin, asks[i].DeviceId, now, Ct), held[i].Target);
            }

            foreach (var device in new[] { car, otherCar, lockDevice, unboundCar })
            {
                s.Devices.RequireLocked(device.Id, "issuing a key");
            }

            return true;
        });

        // Each read is the one its request would get alone: here, one live key each on the car and the lock.
        await ReadAsync(async s =>
        {
            var held = await s.Keys.LockIssueTargetsAsync([Request(holder.Id, vin, null), Request(holder.Id, null, lockDevice.Id)], now, skipLocked: false, Ct);
            AssertSame(new IssueTarget(holder, car, car.Id, 1), held[0].Target);
            AssertSame(new IssueTarget(holder, lockDevice, null, 1), held[1].Target);
            return true;
        });
    }

    [Fact]
    public async Task Issue_targets_of_a_batch_wait_for_each_of_their_devices_and_read_what_was_committed_meanwhile()
    {
        var (first, second) = (await AddDeviceAsync(), await AddDeviceAsync());
        var holder = await AddUserAsync();
        const uint now = 1_750_000_000;

        // The batch names the second device before the first; it waits for the one held, whichever it is.
        var other = await Store.BeginAsync(Ct);
        Task<IReadOnlyList<(ulong? LockedDeviceId, IssueTarget Target)>> issue;
        try
        {
            await other.Devices.LockAsync([first.Id], Ct);
            await other.Keys.InsertAsync(Sample.Key(first.Id, holder.Id) with { Epoch = first.Epoch }, Ct);
            issue = Task.Run(() => CommitAsync(s => s.Keys.LockIssueTargetsAsync([Request(holder.Id, null, second.Id), Request(holder.Id, null, first.Id)], now, skipLocked: false, Ct)));
            await Fixture.UntilSessionWaitsAsync(Fixture.StoreDatabase);
            Assert.False(issue.IsCompleted);
            await other.CommitAsync(Ct);
        }
        finally
        {
            await other.DisposeAsync();
        }

        var held = await issue;
        Assert.Equal(0, held[0].Target.LiveKeys);
        Assert.Equal(1, held[1].Target.LiveKeys);
    }

    [Fact]
    public async Task Skipping_locked_devices_leaves_out_a_device_another_session_holds_and_waits_for_none()
    {
        var (held, free) = (await AddDeviceAsync(), await AddDeviceAsync());
        var holder = await AddUserAsync();
        var vin = Sample.Name("VIN")[..17];
        const uint now = 1_750_000_000;
        await CommitAsync(s => s.Bindings.InsertAsync(vin, Sample.Imsi(), held.Id, Sample.At(5), Ct));
        KeyRequest[] asks = [Request(holder.Id, vin, null), Request(holder.Id, null, free.Id), Request(holder.Id, null, held.Id), Request(holder.Id, null, 77)];

        if (!Fixture.SessionsOverlap)
        {
            // SQLite: a session that could hold the device holds the one writer, so none is open beside this one and
            // nothing is skipped: the same as waiting.
            var skipping = await ReadAsync(s => s.Keys.LockIssueTargetsAsync(asks, now, skipLocked: true, Ct));
            Assert.Equal([held.Id, free.Id, held.Id, 77], skipping.Select(one => one.LockedDeviceId));
            return;
        }

        var other = await Store.BeginAsync(Ct);
        try
        {
            await other.Devices.LockAsync([held.Id], Ct);
            var skipped = await ReadAsync(async s =>
            {
                var result = await s.Keys.LockIssueTargetsAsync(asks, now, skipLocked: true, Ct);
                s.Devices.RequireLocked(free.Id, "issuing a key");
                Assert.Throws<InvalidOperationException>(() => s.Devices.RequireLocked(held.Id, "issuing a key"));
                return result;
            });

            Assert.Equal([null, free.Id, null, null], skipped.Select(one => one.LockedDeviceId));
            // What it read is still read: the held car is there to be told apart from a car that is not.
            Assert.Equal(held.Id, skipped[0].Target.Device?.Id);
            Assert.Equal(held.Id, skipped[2].Target.Device?.Id);
            Assert.Null(skipped[3].Target.Device);
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    private static KeyRequest Request(ulong userId, string? vin, ulong? deviceId) => new(KeyType.Owner, userId, vin, deviceId, null, null, 0);

    private async Task<(ulong? LockedDeviceId, IssueTarget Target)> LockOneAsync(IStoreSession s, ulong userId, string? vin, ulong? deviceId, uint now) =>
        (await s.Keys.LockIssueTargetsAsync([Request(userId, vin, deviceId)], now, skipLocked: false, Ct)).Single();

    [Fact]
    public async Task Moving_to_an_epoch_reissues_only_the_devices_live_keys_under_older_epochs()
    {
        var (device, other) = (await AddDeviceAsync(), await AddDeviceAsync());
        var holder = await AddUserAsync();
        VirtualKey[] keys =
        [
            Sample.Key(device.Id, holder.Id) with { Epoch = 1 },
            Sample.Key(device.Id, holder.Id) with { Epoch = 2, State = KeyState.Frozen },
            Sample.Key(device.Id, holder.Id) with { Epoch = 1, State = KeyState.Revoked },
            Sample.Key(device.Id, holder.Id) with { Epoch = 5 },
            Sample.Key(other.Id, holder.Id) with { Epoch = 1 },
        ];
        await CommitAsync(async s =>
        {
            foreach (var key in keys)
            {
                await s.Keys.InsertAsync(key, Ct);
            }
        });

        Assert.Equal(2, await CommitAsync(s => s.Keys.MoveToEpochAsync(device.Id, 3, Sample.At(99), Ct)));

        VirtualKey[] expected =
        [
            keys[0] with { Epoch = 3, UpdatedAt = Sample.At(99) },
            keys[1] with { Epoch = 3, UpdatedAt = Sample.At(99) },
            keys[2],
            keys[3],
            keys[4],
        ];
        foreach (var key in expected)
        {
            AssertSame(key, await ReadAsync(s => s.Keys.GetAsync(key.Id, Ct)));
        }
    }

    [Fact]
    public async Task A_devices_live_keys_are_its_active_and_frozen_ones()
    {
        var (device, other) = (await AddDeviceAsync(), await AddDeviceAsync());
        var holder = await AddUserAsync();
        VirtualKey[] keys =
        [
            Sample.Key(device.Id, holder.Id) with { Epoch = device.Epoch },
            Sample.Key(device.Id, holder.Id) with { Epoch = device.Epoch, State = KeyState.Frozen },
            Sample.Key(device.Id, holder.Id) with { Epoch = device.Epoch, State = KeyState.Revoked },
            Sample.Key(device.Id, holder.Id) with { Epoch = device.Epoch, State = KeyState.Transferred },
            Sample.Key(device.Id, holder.Id) with { Epoch = device.Epoch - 3, State = KeyState.Revoked },
            Sample.Key(other.Id, holder.Id) with { Epoch = other.Epoch },
        ];
        await CommitAsync(async s =>
        {
            foreach (var key in keys)
            {
                await s.Keys.InsertAsync(key, Ct);
            }
        });

        var live = await ReadAsync(s => s.Keys.LiveOfDeviceAsync(device.Id, Ct));

        Assert.Equal(new[] { keys[0].Id, keys[1].Id }.Order(), live.Select(key => key.Id).Order());
    }

    [Fact]
    public async Task A_keys_family_is_its_chain_up_and_its_shares_down_and_none_of_the_devices_other_keys()
    {
        var (device, other) = (await AddDeviceAsync(), await AddDeviceAsync());
        var holder = await AddUserAsync();
        var owner = Sample.Key(device.Id, holder.Id) with { Type = KeyType.Owner };
        var transferred = Sample.Key(device.Id, holder.Id) with { ParentKeyId = owner.Id, State = KeyState.Transferred, Epoch = 2 };
        var transferShare = Sample.Key(device.Id, holder.Id) with { ParentKeyId = transferred.Id };
        var revokedShare = Sample.Key(device.Id, holder.Id) with { ParentKeyId = owner.Id, State = KeyState.Revoked };
        var revokedBelow = Sample.Key(device.Id, holder.Id) with { ParentKeyId = revokedShare.Id, State = KeyState.Revoked };
        var earlierRenter = Sample.Key(device.Id, holder.Id) with { State = KeyState.Revoked, Epoch = 1 };
        var earlierShare = Sample.Key(device.Id, holder.Id) with { ParentKeyId = earlierRenter.Id, State = KeyState.Revoked, Epoch = 1 };
        // Links across devices, which the service never makes, are not followed either way.
        var otherDevices = Sample.Key(other.Id, holder.Id) with { ParentKeyId = transferShare.Id };
        var underOtherDevices = Sample.Key(device.Id, holder.Id) with { ParentKeyId = otherDevices.Id };
        // Nor does a cycle of links, which no share can make, read for ever.
        var (loopA, loopB) = (Sample.Key(device.Id, holder.Id), Sample.Key(device.Id, holder.Id));
        (loopA, loopB) = (loopA with { ParentKeyId = loopB.Id }, loopB with { ParentKeyId = loopA.Id });
        VirtualKey[] keys = [owner, transferred, transferShare, revokedShare, revokedBelow, earlierRenter, earlierShare, otherDevices, underOtherDevices, loopA, loopB];
        await CommitAsync(async s =>
        {
            foreach (var key in keys)
            {
                await s.Keys.InsertAsync(key, Ct);
            }
        });

        async Task<ulong[]> Family(params VirtualKey[] named) =>
            [.. (await ReadAsync(s => s.Keys.FamilyOfAsync(device.Id, [.. named.Select(key => key.Id)], Ct))).Select(key => key.Id).Order()];
        ulong[] Ids(params VirtualKey[] expected) => [.. expected.Select(key => key.Id).Order()];

        // Up through a transferred key to the root, whatever the states; down every share, live or gone.
        Assert.Equal(Ids(transferShare, transferred, owner), await Family(transferShare));
        Assert.Equal(Ids(owner, transferred, transferShare, revokedShare, revokedBelow), await Family(owner));
        Assert.Equal(Ids(earlierRenter, earlierShare, revokedShare, revokedBelow, owner), await Family(earlierRenter, revokedShare));
        Assert.Equal(Ids(underOtherDevices), await Family(underOtherDevices));
        Assert.Equal(Ids(loopA, loopB), await Family(loopA));
        Assert.Empty(await Family(otherDevices));
        Assert.Empty(await ReadAsync(s => s.Keys.FamilyOfAsync(device.Id, [Sample.Id()], Ct)));
        Assert.Empty(await ReadAsync(s => s.Keys.FamilyOfAsync(device.Id, [], Ct)));

        // A tree loaded for a share walks the share's own subtree, and refuses to walk its parent's, of which it holds only the path down.
        await ReadAsync(async s =>
        {
            var tree = await KeyTree.LoadAsync(s, device.Id, [transferred.Id], Ct);
            Assert.Equal([transferred.Id, transferShare.Id], tree.Subtree(tree.Get(transferred.Id)).Select(member => member.Key.Id));
            Assert.Equal([transferShare.Id, transferred.Id, owner.Id], tree.Chain(tree.Get(transferShare.Id)).Select(key => key.Id));
            Assert.Throws<InvalidOperationException>(() => tree.Children(tree.Get(owner.Id)));
            Assert.Throws<InvalidOperationException>(() => tree.Subtree(tree.Get(owner.Id)));
            Assert.Throws<ServiceError>(() => tree.Get(revokedShare.Id));
            return 0;
        });
    }

    [Fact]
    public async Task Keys_under_each_devices_epoch_or_the_one_before_are_read_for_many_at_once()
    {
        var (first, second, other) = (await AddDeviceAsync(), await AddDeviceAsync(), await AddDeviceAsync());
        var holder = await AddUserAsync();
        VirtualKey[] keys =
        [
            Sample.Key(first.Id, holder.Id) with { Epoch = 3, State = KeyState.Revoked },
            Sample.Key(first.Id, holder.Id) with { Epoch = 4, State = KeyState.Revoked },
            Sample.Key(first.Id, holder.Id) with { Epoch = 5 },
            Sample.Key(first.Id, holder.Id) with { Epoch = 5, State = KeyState.Revoked },
            Sample.Key(second.Id, holder.Id) with { Epoch = 0, State = KeyState.Revoked },
            Sample.Key(second.Id, holder.Id) with { Epoch = 1, State = KeyState.Frozen },
            Sample.Key(other.Id, holder.Id) with { Epoch = 5, State = KeyState.Revoked },
        ];
        await CommitAsync(async s =>
        {
            foreach (var key in keys)
            {
                await s.Keys.InsertAsync(key, Ct);
            }
        });

        async Task<ulong[]> Read(KeyState? state) =>
            [.. (await ReadAsync(s => s.Keys.UnderRecentEpochsAsync([(first.Id, 5), (second.Id, 1)], state, Ct))).Select(key => key.Id)];

        // First at epoch 5: its keys under 4 and 5, not 3; second at epoch 1: under 0 and 1; never another device's.
        Assert.Equal(new[] { keys[1].Id, keys[2].Id, keys[3].Id, keys[4].Id, keys[5].Id }.Order(), (await Read(null)).Order());
        Assert.Equal(new[] { keys[1].Id, keys[3].Id, keys[4].Id }.Order(), (await Read(KeyState.Revoked)).Order());
        Assert.Empty(await ReadAsync(s => s.Keys.UnderRecentEpochsAsync([], KeyState.Revoked, Ct)));
    }

    [Fact]
    public async Task Moving_many_devices_at_once_counts_each_devices_keys_moved()
    {
        var (first, second, keyless, other) = (await AddDeviceAsync(), await AddDeviceAsync(), await AddDeviceAsync(), await AddDeviceAsync());
        var holder = await AddUserAsync();
        VirtualKey[] keys =
        [
            Sample.Key(first.Id, holder.Id) with { Epoch = 1 },
            Sample.Key(first.Id, holder.Id) with { Epoch = 1, State = KeyState.Frozen },
            Sample.Key(second.Id, holder.Id) with { Epoch = 3 },
            Sample.Key(second.Id, holder.Id) with { Epoch = 3, State = KeyState.Revoked },
            Sample.Key(other.Id, holder.Id) with { Epoch = 1 },
        ];
        await CommitAsync(async s =>
        {
            foreach (var key in keys)
            {
                await s.Keys.InsertAsync(key, Ct);
            }
        });

        var moved = await CommitAsync(s => s.Keys.MoveToEpochAsync([(first.Id, 2), (second.Id, 4), (keyless.Id, 2)], Sample.At(99), Ct));

        Assert.Equal([2, 1, 0], moved);
        VirtualKey[] expected =
        [
            keys[0] with { Epoch = 2, UpdatedAt = Sample.At(99) },
            keys[1] with { Epoch = 2, UpdatedAt = Sample.At(99) },
            keys[2] with { Epoch = 4, UpdatedAt = Sample.At(99) },
            keys[3],
            keys[4],
        ];
        foreach (var key in expected)
        {
            AssertSame(key, await ReadAsync(s => s.Keys.GetAsync(key.Id, Ct)));
        }
    }
}

public sealed class SqliteKeyTableTests(SqliteStoreFixture fixture) : KeyTableTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresKeyTableTests(PostgresStoreFixture fixture) : KeyTableTests(fixture), IClassFixture<PostgresStoreFixture>;
