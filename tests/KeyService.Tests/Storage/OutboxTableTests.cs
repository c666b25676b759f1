using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Storage;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Storage;

public abstract class OutboxTableTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public async Task A_message_with_every_field_set_reads_back_by_id_and_by_message_id()
    {
        var device = await AddDeviceAsync();
        var rotationId = await CommitAsync(s => s.Rotations.InsertAsync(Sample.Rotation(device.Id, RotationState.Confirmed), Ct));
        var message = new OutboxMessage(
            0, device.Id, uint.MaxValue, MessageType.Commit, Sample.Bytes(200), OutboxState.Acked, int.MaxValue, 5,
            TimeSpan.FromMilliseconds(12_345), Sample.At(1), Sample.At(2), Sample.At(3), Sample.At(4), AckStatus.BadWrap, rotationId);

        var id = await CommitAsync(s => s.Outbox.InsertAsync(message, Ct));

        AssertSame(message with { Id = id }, await ReadAsync(s => s.Outbox.GetAsync(id, Ct)));
        AssertSame(message with { Id = id }, await ReadAsync(s => s.Outbox.FindAsync(device.Id, uint.MaxValue, Ct)));
        Assert.Null(await ReadAsync(s => s.Outbox.FindAsync(device.Id, 1, Ct)));
        Assert.Null(await ReadAsync(s => s.Outbox.GetAsync(id + 1_000_000, Ct)));
    }

    [Fact]
    public async Task A_message_with_every_optional_field_empty_reads_back_and_updates()
    {
        var device = await AddDeviceAsync();
        var message = Sample.Outbox(device.Id, 0) with { AckStatus = null, LastAttemptAt = null, AckedAt = null, RotationId = null };
        var id = await CommitAsync(s => s.Outbox.InsertAsync(message, Ct));
        AssertSame(message with { Id = id }, await ReadAsync(s => s.Outbox.GetAsync(id, Ct)));

        var acked = message with
        {
            Id = id, State = OutboxState.Acked, Attempts = 2, LastAttemptAt = Sample.At(60), AckedAt = Sample.At(61), AckStatus = AckStatus.Applied,
        };
        Assert.True(await CommitAsync(s => s.Outbox.UpdateAsync(acked, Ct)));
        Assert.False(await CommitAsync(s => s.Outbox.UpdateAsync(acked with { Id = id + 1_000_000 }, Ct)));

        AssertSame(acked, await ReadAsync(s => s.Outbox.GetAsync(id, Ct)));
    }

    [Fact]
    public async Task Reserved_ids_are_new_and_the_messages_are_stored_under_them()
    {
        var device = await AddDeviceAsync();
        var before = await CommitAsync(s => s.Outbox.InsertAsync(Sample.Outbox(device.Id, 1), Ct));

        var (reserved, stored) = await CommitAsync(async s =>
        {
            var ids = await s.Outbox.ReserveIdsAsync(3, Ct);
            return (ids, await s.Outbox.InsertAsync([.. ids.Select((id, i) => Sample.Outbox(device.Id, (uint)(2 + i)) with { Id = id })], Ct));
        });

        Assert.Equal(reserved, stored);
        Assert.Equal(3, reserved.Distinct().Count());
        Assert.All(reserved, id => Assert.True(id > before));
        foreach (var (id, i) in reserved.Select((id, i) => (id, i)))
        {
            Assert.Equal((uint)(2 + i), (await ReadAsync(s => s.Outbox.GetAsync(id, Ct)))!.MessageId);
        }

        // The database numbers the next message after them.
        var after = await CommitAsync(s => s.Outbox.InsertAsync(Sample.Outbox(device.Id, 5), Ct));
        Assert.True(after > reserved.Max());
        Assert.Empty(await CommitAsync(s => s.Outbox.ReserveIdsAsync(0, Ct)));
    }

    [Fact]
    public async Task A_batch_of_reserved_and_unnumbered_messages_is_refused_before_anything_is_written()
    {
        var device = await AddDeviceAsync();

        await CommitAsync(async s =>
        {
            var ids = await s.Outbox.ReserveIdsAsync(1, Ct);
            await Assert.ThrowsAsync<ArgumentException>(() => s.Outbox.InsertAsync([Sample.Outbox(device.Id, 1) with { Id = ids[0] }, Sample.Outbox(device.Id, 2)], Ct));
        });

        Assert.Empty(await ReadAsync(s => s.Outbox.ListAsync(device.Id, null, 10, Ct)));
    }

    [Fact]
    public async Task A_second_message_with_the_same_id_to_the_same_device_conflicts()
    {
        var device = await AddDeviceAsync();
        var other = await AddDeviceAsync();
        await CommitAsync(s => s.Outbox.InsertAsync(Sample.Outbox(device.Id, 7), Ct));

        await CommitAsync(async s =>
        {
            await Assert.ThrowsAsync<StoreConflictException>(() => s.Outbox.InsertAsync(Sample.Outbox(device.Id, 7), Ct));
            await s.Outbox.InsertAsync(Sample.Outbox(other.Id, 7), Ct);
        });

        Assert.Single(await ReadAsync(s => s.Outbox.ListAsync(device.Id, null, 10, Ct)));
        Assert.NotNull(await ReadAsync(s => s.Outbox.FindAsync(other.Id, 7, Ct)));
    }

    [Fact]
    public async Task Claiming_returns_due_pending_messages_oldest_first_up_to_the_limit()
    {
        await using var store = await Fixture.NewStoreAsync();
        var device = await AddDeviceAsync(store);
        var ids = await CommitAsync(async s => new[]
        {
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 1) with { NextAttemptAt = Sample.At(20) }, Ct),
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 2) with { NextAttemptAt = Sample.At(10) }, Ct),
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 3) with { NextAttemptAt = Sample.At(31) }, Ct),
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 4) with { NextAttemptAt = Sample.At(5), State = OutboxState.Acked }, Ct),
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 5) with { NextAttemptAt = Sample.At(30) }, Ct),
        }, store);

        var due = await ReadAsync(s => s.Outbox.ClaimDueAsync(Sample.At(30), Sample.At(30), 10, Ct), store);
        var two = await ReadAsync(s => s.Outbox.ClaimDueAsync(Sample.At(30), Sample.At(30), 2, Ct), store);

        Assert.Equal([ids[1], ids[0], ids[4]], due.Select(m => m.Id));
        Assert.Equal([ids[1], ids[0]], two.Select(m => m.Id));
    }

    [Fact]
    public async Task A_resend_is_claimed_only_when_due_by_the_resend_bound_a_first_send_when_due()
    {
        await using var store = await Fixture.NewStoreAsync();
        var device = await AddDeviceAsync(store);
        var ids = await CommitAsync(async s => new[]
        {
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 1) with { Attempts = 1, NextAttemptAt = Sample.At(10) }, Ct),
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 2) with { Attempts = 2, NextAttemptAt = Sample.At(20) }, Ct),
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 3) with { Attempts = 0, NextAttemptAt = Sample.At(25) }, Ct),
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 4) with { Attempts = 1, NextAttemptAt = Sample.At(15) }, Ct),
        }, store);

        // Up frames received from 15 on are not applied yet: resends due from then wait, a first send does not.
        var held = await ReadAsync(s => s.Outbox.ClaimDueAsync(Sample.At(30), Sample.At(15), 10, Ct), store);
        var all = await ReadAsync(s => s.Outbox.ClaimDueAsync(Sample.At(30), Sample.At(30), 10, Ct), store);

        Assert.Equal([ids[0], ids[3], ids[2]], held.Select(m => m.Id));
        Assert.Equal([ids[0], ids[3], ids[1], ids[2]], all.Select(m => m.Id));
    }

    [Fact]
    public async Task Marking_a_batch_attempted_counts_one_attempt_each_and_pushes_each_by_its_own_timeout()
    {
        var device = await AddDeviceAsync();
        var ids = await CommitAsync(async s => new[]
        {
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 1) with { Attempts = 0, AckTimeout = TimeSpan.FromSeconds(5) }, Ct),
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 2) with { Attempts = 2, AckTimeout = TimeSpan.FromMilliseconds(250) }, Ct),
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 3) with { Attempts = 0 }, Ct),
        });

        var changed = await CommitAsync(s => s.Outbox.MarkAttemptedAsync([ids[0], ids[1]], Sample.At(100), Ct));
        var empty = await CommitAsync(s => s.Outbox.MarkAttemptedAsync([], Sample.At(100), Ct));

        Assert.Equal(2, changed);
        Assert.Equal(0, empty);
        var first = (await ReadAsync(s => s.Outbox.GetAsync(ids[0], Ct)))!;
        var second = (await ReadAsync(s => s.Outbox.GetAsync(ids[1], Ct)))!;
        var untouched = (await ReadAsync(s => s.Outbox.GetAsync(ids[2], Ct)))!;
        Assert.Equal((1, Sample.At(100), Sample.At(100) + TimeSpan.FromSeconds(5)), (first.Attempts, first.LastAttemptAt!.Value, first.NextAttemptAt));
        Assert.Equal((3, Sample.At(100) + TimeSpan.FromMilliseconds(250)), (second.Attempts, second.NextAttemptAt));
        Assert.Equal(0, untouched.Attempts);
    }

    [Fact]
    public async Task Messages_list_by_device_and_state_newest_first_up_to_the_limit()
    {
        var device = await AddDeviceAsync();
        var ids = await CommitAsync(async s => new[]
        {
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 1) with { CreatedAt = Sample.At(1) }, Ct),
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 2) with { CreatedAt = Sample.At(3), State = OutboxState.Abandoned }, Ct),
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 3) with { CreatedAt = Sample.At(2) }, Ct),
        });

        async Task<long[]> List(OutboxState? state, int limit) =>
            [.. (await ReadAsync(s => s.Outbox.ListAsync(device.Id, state, limit, Ct))).Select(m => m.Id)];

        // Newest by number, the order they were stored in, whatever time each was created at.
        Assert.Equal([ids[2], ids[1], ids[0]], await List(null, 10));
        Assert.Equal([ids[2], ids[1]], await List(null, 2));
        Assert.Equal([ids[2], ids[0]], await List(OutboxState.Pending, 10));
        Assert.Contains(ids[1], (await ReadAsync(s => s.Outbox.ListAsync(null, OutboxState.Abandoned, 1_000, Ct))).Select(m => m.Id));
    }

    [Fact]
    public async Task Cancelling_a_device_touches_only_its_pending_messages()
    {
        var device = await AddDeviceAsync();
        var other = await AddDeviceAsync();
        await CommitAsync(async s =>
        {
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 1), Ct);
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 2), Ct);
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 3) with { State = OutboxState.Acked }, Ct);
            await s.Outbox.InsertAsync(Sample.Outbox(other.Id, 1), Ct);
        });

        Assert.Equal(2, await CommitAsync(s => s.Outbox.CancelPendingAsync(device.Id, Ct)));

        Assert.Equal(
            [OutboxState.Cancelled, OutboxState.Cancelled, OutboxState.Acked],
            [.. await ReadAsync(async s => new[]
            {
                (await s.Outbox.FindAsync(device.Id, 1, Ct))!.State,
                (await s.Outbox.FindAsync(device.Id, 2, Ct))!.State,
                (await s.Outbox.FindAsync(device.Id, 3, Ct))!.State,
            })]);
        Assert.Equal(OutboxState.Pending, (await ReadAsync(s => s.Outbox.FindAsync(other.Id, 1, Ct)))!.State);
    }

    [Fact]
    public async Task The_next_due_time_is_the_earliest_pending_attempt()
    {
        await using var store = await Fixture.NewStoreAsync();
        var device = await AddDeviceAsync(store);
        Assert.Null(await ReadAsync(s => s.Outbox.NextDueAsync(Sample.At(30), Sample.At(30), Ct), store));

        await CommitAsync(async s =>
        {
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 1) with { NextAttemptAt = Sample.At(20) }, Ct);
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 2) with { NextAttemptAt = Sample.At(5), State = OutboxState.Cancelled }, Ct);
            await s.Outbox.InsertAsync(Sample.Outbox(device.Id, 3) with { NextAttemptAt = Sample.At(12.5) }, Ct);
        }, store);

        Assert.Equal(Sample.At(12.5), await ReadAsync(s => s.Outbox.NextDueAsync(Sample.At(30), Sample.At(30), Ct), store));
        await CommitAsync(s => s.Outbox.InsertAsync(Sample.Outbox(device.Id, 4) with { Attempts = 1, NextAttemptAt = Sample.At(8) }, Ct), store);
        // A resend due by now but held (up frames from 7 on not yet applied) does not count; one due later does.
        Assert.Equal(Sample.At(12.5), await ReadAsync(s => s.Outbox.NextDueAsync(Sample.At(30), Sample.At(7), Ct), store));
        Assert.Equal(Sample.At(8), await ReadAsync(s => s.Outbox.NextDueAsync(Sample.At(30), Sample.At(8), Ct), store));
        Assert.Equal(Sample.At(8), await ReadAsync(s => s.Outbox.NextDueAsync(Sample.At(7), Sample.At(7), Ct), store));
    }
}

public sealed class SqliteOutboxTableTests(SqliteStoreFixture fixture) : OutboxTableTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresOutboxTableTests(PostgresStoreFixture fixture) : OutboxTableTests(fixture), IClassFixture<PostgresStoreFixture>;
