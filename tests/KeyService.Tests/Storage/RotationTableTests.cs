using ShareKey.KeyService.Keys;
using ShareKey.KeyService.Rentals;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Storage;

namespace ShareKey.KeyService.Tests.Storage;

public abstract class RotationTableTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public async Task A_rotation_with_every_field_set_reads_back()
    {
        var device = await AddDeviceAsync();
        var user = await AddUserAsync();
        var key = Sample.Key(device.Id, user.Id);
        await CommitAsync(s => s.Keys.InsertAsync(key, Ct));
        var rentalId = await CommitAsync(s => s.Rentals.InsertAsync(Sample.Rental(device.Id, user.Id, key.Id), Ct));
        var rotation = new RotationRecord(
            0, device.Id, RotationCause.Return, rentalId, uint.MaxValue - 1, Sample.Bytes(60), uint.MaxValue, Sample.Bytes(60),
            [ulong.MaxValue, 0, Sample.Id(), 1], RotationState.GaveUp, long.MaxValue, int.MaxValue, Sample.At(1), Sample.At(2),
            Sample.At(3), Sample.At(4), "no ack after 5 attempts");

        var id = await CommitAsync(s => s.Rotations.InsertAsync(rotation, Ct));

        AssertSame(rotation with { Id = id }, await ReadAsync(s => s.Rotations.GetAsync(id, Ct)));
        AssertSame(rotation with { Id = id }, await ReadAsync(s => s.Rotations.OpenForDeviceAsync(device.Id, Ct)));
    }

    [Fact]
    public async Task A_rotation_with_every_optional_field_empty_reads_back()
    {
        var device = await AddDeviceAsync();
        var rotation = new RotationRecord(
            0, device.Id, RotationCause.Provision, null, 0, null, 1, Sample.Bytes(60), [], RotationState.Failed, null, 0,
            Sample.At(1), Sample.At(2), null, null, null);

        var id = await CommitAsync(s => s.Rotations.InsertAsync(rotation, Ct));

        AssertSame(rotation with { Id = id }, await ReadAsync(s => s.Rotations.GetAsync(id, Ct)));
        Assert.Null(await ReadAsync(s => s.Rotations.OpenForDeviceAsync(device.Id, Ct)));
        Assert.Null(await ReadAsync(s => s.Rotations.GetAsync(id + 1_000_000, Ct)));
    }

    [Theory]
    [InlineData(RotationState.Sending)]
    [InlineData(RotationState.GaveUp)]
    public async Task A_second_open_rotation_conflicts_writes_nothing_and_the_session_goes_on(RotationState open)
    {
        var device = await AddDeviceAsync();
        var other = await AddDeviceAsync();
        var first = await CommitAsync(s => s.Rotations.InsertAsync(Sample.Rotation(device.Id, open), Ct));

        await CommitAsync(async s =>
        {
            await Assert.ThrowsAsync<StoreConflictException>(() => s.Rotations.InsertAsync(Sample.Rotation(device.Id), Ct));
            await Assert.ThrowsAsync<StoreConflictException>(() => s.Rotations.InsertAsync(Sample.Rotation(device.Id, RotationState.GaveUp), Ct));
            await s.Rotations.InsertAsync(Sample.Rotation(other.Id), Ct);
        });

        Assert.Equal([first], (await ReadAsync(s => s.Rotations.ListAsync(device.Id, null, 10, Ct))).Select(r => r.Id));
        Assert.NotNull(await ReadAsync(s => s.Rotations.OpenForDeviceAsync(other.Id, Ct)));
    }

    [Fact]
    public async Task Once_confirmed_the_device_may_open_the_next_rotation()
    {
        var device = await AddDeviceAsync();
        var first = Sample.Rotation(device.Id);
        var firstId = await CommitAsync(s => s.Rotations.InsertAsync(first, Ct));
        var confirmed = first with { Id = firstId, State = RotationState.Confirmed, BackupKeySealed = null, ConfirmedAt = Sample.At(40), UpdatedAt = Sample.At(40) };

        Assert.True(await CommitAsync(s => s.Rotations.UpdateAsync(confirmed, Ct)));
        var secondId = await CommitAsync(s => s.Rotations.InsertAsync(Sample.Rotation(device.Id), Ct));

        AssertSame(confirmed, await ReadAsync(s => s.Rotations.GetAsync(firstId, Ct)));
        Assert.Equal(secondId, (await ReadAsync(s => s.Rotations.OpenForDeviceAsync(device.Id, Ct)))!.Id);
        Assert.False(await CommitAsync(s => s.Rotations.UpdateAsync(confirmed with { Id = secondId + 1_000_000 }, Ct)));
    }

    [Fact]
    public async Task Rotations_are_counted_by_state_each_confirmed_one_once()
    {
        var (first, second) = (await AddDeviceAsync(), await AddDeviceAsync());
        var before = await ReadAsync(s => s.Rotations.CountByStateAsync(Ct));
        var sending = Sample.Rotation(first.Id);
        var sendingId = await CommitAsync(s => s.Rotations.InsertAsync(sending, Ct));
        var failedId = await CommitAsync(s => s.Rotations.InsertAsync(Sample.Rotation(second.Id, RotationState.Failed), Ct));
        await CommitAsync(s => s.Rotations.InsertAsync(Sample.Rotation(second.Id, RotationState.Confirmed), Ct));
        var confirmed = sending with { Id = sendingId, State = RotationState.Confirmed, ConfirmedAt = Sample.At(40), UpdatedAt = Sample.At(40) };

        await CommitAsync(async s =>
        {
            Assert.True(await s.Rotations.UpdateAsync(confirmed, Ct));
            Assert.False(await s.Rotations.UpdateAsync(confirmed with { LastError = "again" }, Ct));
        });
        // A session that rolls back counts nothing.
        await Assert.ThrowsAsync<InvalidOperationException>(() => CommitAsync<bool>(async s =>
        {
            await s.Rotations.InsertAsync(Sample.Rotation(first.Id, RotationState.Confirmed), Ct);
            throw new InvalidOperationException("rolled back");
        }));
        // Re-driven by an operator, a failed rotation is open again and no longer counted as failed.
        await CommitAsync(s => s.Rotations.InsertAsync(Sample.Rotation(first.Id, RotationState.GaveUp), Ct));
        Assert.True(await CommitAsync(s => s.Rotations.UpdateAsync(Sample.Rotation(second.Id, RotationState.Sending) with { Id = failedId }, Ct)));

        var counts = await ReadAsync(s => s.Rotations.CountByStateAsync(Ct));
        int Added(RotationState state) => counts.GetValueOrDefault(state) - before.GetValueOrDefault(state);
        Assert.Equal(2, Added(RotationState.Confirmed));
        Assert.Equal(0, Added(RotationState.Failed));
        Assert.Equal(1, Added(RotationState.Sending));
        Assert.Equal(1, Added(RotationState.GaveUp));
        Assert.DoesNotContain(counts, count => count.Value == 0);
    }

    [Fact]
    public async Task Reopening_beside_an_open_rotation_conflicts_and_the_session_goes_on()
    {
        var device = await AddDeviceAsync();
        var failed = Sample.Rotation(device.Id, RotationState.Failed);
        var failedId = await CommitAsync(s => s.Rotations.InsertAsync(failed, Ct));
        var openId = await CommitAsync(s => s.Rotations.InsertAsync(Sample.Rotation(device.Id), Ct));

        await CommitAsync(async s =>
        {
            await Assert.ThrowsAsync<StoreConflictException>(() => s.Rotations.UpdateAsync(failed with { Id = failedId, State = RotationState.GaveUp }, Ct));
            Assert.True(await s.Rotations.UpdateAsync(failed with { Id = failedId, LastError = "operator looked" }, Ct));
        });

        AssertSame(failed with { Id = failedId, LastError = "operator looked" }, await ReadAsync(s => s.Rotations.GetAsync(failedId, Ct)));
        Assert.Equal(openId, (await ReadAsync(s => s.Rotations.OpenForDeviceAsync(device.Id, Ct)))!.Id);
    }

    [Fact]
    public async Task Rotations_list_by_device_and_state_newest_first_up_to_the_limit()
    {
        var device = await AddDeviceAsync();
        var ids = new List<long>();
        foreach (var (state, at) in new[] { (RotationState.Confirmed, 1), (RotationState.Failed, 3), (RotationState.Confirmed, 2), (RotationState.Sending, 4) })
        {
            ids.Add(await CommitAsync(s => s.Rotations.InsertAsync(Sample.Rotation(device.Id, state) with { CreatedAt = Sample.At(at) }, Ct)));
        }

        async Task<long[]> List(RotationState? state, int limit) =>
            [.. (await ReadAsync(s => s.Rotations.ListAsync(device.Id, state, limit, Ct))).Select(r => r.Id)];

        // Newest by number, the order they were stored in, whatever time each was created at.
        Assert.Equal([ids[3], ids[2], ids[1], ids[0]], await List(null, 10));
        Assert.Equal([ids[3], ids[2]], await List(null, 2));
        Assert.Equal([ids[2], ids[0]], await List(RotationState.Confirmed, 10));
        Assert.Contains(ids[3], (await ReadAsync(s => s.Rotations.ListAsync(null, RotationState.Sending, 1_000, Ct))).Select(r => r.Id));
    }

    [Fact]
    public async Task Rotations_are_counted_by_state()
    {
        await using var store = await Fixture.NewStoreAsync();
        var devices = new[] { await AddDeviceAsync(store), await AddDeviceAsync(store), await AddDeviceAsync(store) };
        await CommitAsync(async s =>
        {
            await s.Rotations.InsertAsync(Sample.Rotation(devices[0].Id, RotationState.Sending), Ct);
            await s.Rotations.InsertAsync(Sample.Rotation(devices[1].Id, RotationState.Sending), Ct);
            await s.Rotations.InsertAsync(Sample.Rotation(devices[2].Id, RotationState.GaveUp), Ct);
            await s.Rotations.InsertAsync(Sample.Rotation(devices[0].Id, RotationState.Confirmed), Ct);
        }, store);

        var counts = await ReadAsync(s => s.Rotations.CountByStateAsync(Ct), store);

        Assert.Equal(
            new Dictionary<RotationState, int> { [RotationState.Sending] = 2, [RotationState.GaveUp] = 1, [RotationState.Confirmed] = 1 },
            counts);
    }

    [Fact]
    public async Task Given_up_rotations_are_due_for_redrive_oldest_first()
    {
        await using var store = await Fixture.NewStoreAsync();
        var devices = new[] { await AddDeviceAsync(store), await AddDeviceAsync(store), await AddDeviceAsync(store), await AddDeviceAsync(store) };
        var ids = await CommitAsync(async s => new[]
        {
            await s.Rotations.InsertAsync(Sample.Rotation(devices[0].Id, RotationState.GaveUp) with { RedriveAt = Sample.At(60) }, Ct),
            await s.Rotations.InsertAsync(Sample.Rotation(devices[1].Id, RotationState.GaveUp) with { RedriveAt = Sample.At(50) }, Ct),
            await s.Rotations.InsertAsync(Sample.Rotation(devices[2].Id, RotationState.GaveUp) with { RedriveAt = Sample.At(500) }, Ct),
            await s.Rotations.InsertAsync(Sample.Rotation(devices[3].Id, RotationState.Failed) with { RedriveAt = Sample.At(10) }, Ct),
        }, store);

        var due = await ReadAsync(s => s.Rotations.DueForRedriveAsync(Sample.At(60), 10, Ct), store);
        var first = await ReadAsync(s => s.Rotations.DueForRedriveAsync(Sample.At(60), 1, Ct), store);

        Assert.Equal([ids[1], ids[0]], due.Select(r => r.Id));
        Assert.Equal([ids[1]], first.Select(r => r.Id));
    }
}

public sealed class SqliteRotationTableTests(SqliteStoreFixture fixture) : RotationTableTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresRotationTableTests(PostgresStoreFixture fixture) : RotationTableTests(fixture), IClassFixture<PostgresStoreFixture>;
