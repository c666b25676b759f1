using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Rotation;
using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Uplinks;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>
/// Writes of many rows at once (on PostgreSQL one statement for the lot): each row's result is what
/// the rows one after the other would give, whatever the batch's order, repeats and size.
/// </summary>
public abstract class BatchWriteTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public async Task Uplinks_of_a_batch_are_new_as_one_after_the_other()
    {
        var (first, second) = (await AddDeviceAsync(), await AddDeviceAsync());
        await CommitAsync(s => s.Uplinks.TryRecordAsync(second.Id, 7, MessageType.Ack, Sample.At(1), Ct));
        HandledUplink Uplink(Device device, uint messageId) => new(device.Id, messageId, MessageType.Event, Sample.At(2));

        // Unsorted, one already recorded, one twice over with another between.
        var fresh = await CommitAsync(s => s.Uplinks.TryRecordAsync(
            [Uplink(second, 9), Uplink(first, 3), Uplink(second, 7), Uplink(first, 3), Uplink(first, 1), Uplink(second, 9), Uplink(first, 3)], Ct));

        Assert.Equal([true, true, false, false, true, false, false], fresh);
        Assert.Equal([false, false, false], await ReadAsync(s => s.Uplinks.TryRecordAsync([Uplink(first, 1), Uplink(first, 3), Uplink(second, 9)], Ct)));
        Assert.Empty(await CommitAsync(s => s.Uplinks.TryRecordAsync([], Ct)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_batch_of_uplinks_racing_another_waits_for_its_end(bool firstCommits)
    {
        var device = await AddDeviceAsync();
        HandledUplink Uplink(uint messageId) => new(device.Id, messageId, MessageType.Event, Sample.At(1));
        var first = await Store.BeginAsync(Ct);
        Task<IReadOnlyList<bool>> second;
        try
        {
            Assert.Equal([true, true], await first.Uplinks.TryRecordAsync([Uplink(2), Uplink(1)], Ct));
            second = Task.Run(() => CommitAsync(s => s.Uplinks.TryRecordAsync([Uplink(1), Uplink(3), Uplink(2)], Ct)));
            await Fixture.UntilSessionWaitsAsync(Fixture.StoreDatabase);
            Assert.False(second.IsCompleted);
            if (firstCommits)
            {
                await first.CommitAsync(Ct);
            }
        }
        finally
        {
            await first.DisposeAsync();
        }

        Assert.Equal([!firstCommits, true, !firstCommits], await second);
    }

    [Fact]
    public async Task A_batch_of_uplinks_may_be_larger_than_a_statement_takes_parameters()
    {
        // 20,000 rows of 4 columns: more than PostgreSQL's 65,535 parameters, were each value one.
        var device = await AddDeviceAsync();
        var uplinks = Enumerable.Range(1, 20_000).Select(id => new HandledUplink(device.Id, (uint)id, MessageType.Event, Sample.At(1))).ToList();

        Assert.All(await CommitAsync(s => s.Uplinks.TryRecordAsync(uplinks, Ct)), Assert.True);
        Assert.All(await ReadAsync(s => s.Uplinks.TryRecordAsync([.. uplinks.AsEnumerable().Reverse()], Ct)), Assert.False);
    }

    [Fact]
    public async Task Outbox_messages_inserted_together_each_get_their_own_id()
    {
        var (first, second) = (await AddDeviceAsync(), await AddDeviceAsync());
        OutboxMessage[] messages = [Sample.Outbox(second.Id, 5), Sample.Outbox(first.Id, 9), Sample.Outbox(second.Id, 2), Sample.Outbox(first.Id, 1)];

        var ids = await CommitAsync(s => s.Outbox.InsertAsync(messages, Ct));

        Assert.Equal(messages.Length, ids.Distinct().Count());
        var stored = await ReadAsync(s => s.Outbox.GetAsync(ids, Ct));
        AssertSame(messages.Select((message, i) => message with { Id = ids[i] }).ToArray(), stored.ToArray());
        Assert.Empty(await CommitAsync(s => s.Outbox.InsertAsync([], Ct)));
    }

    [Fact]
    public async Task A_batch_of_outbox_messages_naming_a_sent_message_id_again_conflicts()
    {
        var device = await AddDeviceAsync();
        await CommitAsync(s => s.Outbox.InsertAsync(Sample.Outbox(device.Id, 1), Ct));

        await Assert.ThrowsAsync<StoreConflictException>(() => CommitAsync(s => s.Outbox.InsertAsync([Sample.Outbox(device.Id, 2), Sample.Outbox(device.Id, 1)], Ct)));
        await Assert.ThrowsAsync<StoreConflictException>(() => CommitAsync(s => s.Outbox.InsertAsync([Sample.Outbox(device.Id, 3), Sample.Outbox(device.Id, 3)], Ct)));

        Assert.Equal([1u], (await ReadAsync(s => s.Outbox.ListAsync(device.Id, null, 10, Ct))).Select(message => message.MessageId));
    }

    [Fact]
    public async Task Outbox_updates_write_what_changes_of_each_message_the_last_copy_winning()
    {
        var device = await AddDeviceAsync();
        var (one, two) = (Sample.Outbox(device.Id, 1), Sample.Outbox(device.Id, 2));
        var ids = await CommitAsync(s => s.Outbox.InsertAsync([one, two], Ct));
        (one, two) = (one with { Id = ids[0] }, two with { Id = ids[1] });
        var acked = one with { State = OutboxState.Acked, AckedAt = Sample.At(40), AckStatus = AckStatus.Applied };
        var resent = two with { Attempts = 3, MaxAttempts = 9, NextAttemptAt = Sample.At(50), LastAttemptAt = Sample.At(45) };
        var missing = one with { Id = ids.Max() + 1_000_000 };

        var found = await CommitAsync(s => s.Outbox.UpdateAsync(
            [two with { State = OutboxState.Cancelled }, acked, missing, resent with { Frame = Sample.Bytes(8), CreatedAt = Sample.At(99) }], Ct));

        Assert.Equal([true, true, false, true], found);
        // The last copy of two wins; what it was queued with stays.
        AssertSame(new[] { acked, resent }, (await ReadAsync(s => s.Outbox.GetAsync(ids, Ct))).ToArray());
        Assert.Empty(await CommitAsync(s => s.Outbox.UpdateAsync([], Ct)));
    }

    [Fact]
    public async Task Rotations_inserted_together_each_get_their_own_id_even_of_one_device()
    {
        var (first, second, busy) = (await AddDeviceAsync(), await AddDeviceAsync(), await AddDeviceAsync());
        await CommitAsync(s => s.Rotations.InsertAsync(Sample.Rotation(busy.Id), Ct));
        RotationRecord[] rotations =
            [Sample.Rotation(second.Id, RotationState.Failed), Sample.Rotation(first.Id), Sample.Rotation(second.Id), Sample.Rotation(second.Id, RotationState.Confirmed)];

        var ids = await CommitAsync(s => s.Rotations.InsertAsync(rotations, Ct));

        Assert.Equal(rotations.Length, ids.Distinct().Count());
        AssertSame(rotations.Select((rotation, i) => rotation with { Id = ids[i] }).ToArray(), (await ReadAsync(s => s.Rotations.GetAsync(ids, Ct))).ToArray());
        await Assert.ThrowsAsync<StoreConflictException>(() => CommitAsync(s => s.Rotations.InsertAsync([Sample.Rotation(first.Id, RotationState.Failed), Sample.Rotation(busy.Id)], Ct)));
        await Assert.ThrowsAsync<StoreConflictException>(() => CommitAsync(s => s.Rotations.InsertAsync([Sample.Rotation(first.Id, RotationState.Failed), Sample.Rotation(first.Id)], Ct)));
        Assert.Empty(await CommitAsync(s => s.Rotations.InsertAsync([], Ct)));
    }

    [Fact]
    public async Task Rotation_updates_write_what_changes_closing_reopening_and_repeating_as_one_after_the_other()
    {
        var (first, second) = (await AddDeviceAsync(), await AddDeviceAsync());
        RotationRecord[] inserted =
            [Sample.Rotation(first.Id), Sample.Rotation(first.Id, RotationState.Failed), Sample.Rotation(second.Id), Sample.Rotation(first.Id, RotationState.Failed)];
        var ids = await CommitAsync(s => s.Rotations.InsertAsync(inserted, Ct));
        var (open, failed, other, failedToo) = (inserted[0] with { Id = ids[0] }, inserted[1] with { Id = ids[1] }, inserted[2] with { Id = ids[2] }, inserted[3] with { Id = ids[3] });
        var confirmed = open with { State = RotationState.Confirmed, BackupKeySealed = null, ConfirmedAt = Sample.At(40), UpdatedAt = Sample.At(40) };
        // Reopened only after the open one closed, in the same batch.
        var reopened = failed with { State = RotationState.GaveUp, RedriveAt = Sample.At(90), LastError = "no ack", Redrives = 2 };
        var resent = other with { OutboxId = null, RevokedKeyIds = [Sample.Id()], UpdatedAt = Sample.At(50) };
        var missing = confirmed with { Id = ids.Max() + 1_000_000 };

        var found = await CommitAsync(s => s.Rotations.UpdateAsync(
            [reopened, other with { State = RotationState.GaveUp }, confirmed, missing, resent with { NewKeySealed = Sample.Bytes(60), ToEpoch = 99 }], Ct));

        Assert.Equal([true, true, true, false, true], found);
        AssertSame(new[] { confirmed, reopened, resent, failedToo }, (await ReadAsync(s => s.Rotations.GetAsync(ids, Ct))).ToArray());
        await CommitAsync(async s =>
        {
            // A second open one of the device conflicts; the session goes on.
            await Assert.ThrowsAsync<StoreConflictException>(() => s.Rotations.UpdateAsync([failedToo with { LastError = "late" }, failedToo with { State = RotationState.Sending }], Ct));
            Assert.Equal([true], await s.Rotations.UpdateAsync([failedToo with { LastError = "looked" }], Ct));
            // A confirmed rotation is final: never written again, reopened or not.
            Assert.Equal([false, false], await s.Rotations.UpdateAsync([confirmed with { LastError = "late" }, confirmed with { State = RotationState.Sending }], Ct));
        });
        Assert.Equal("looked", (await ReadAsync(s => s.Rotations.GetAsync(ids[3], Ct)))!.LastError);
        AssertSame(confirmed, await ReadAsync(s => s.Rotations.GetAsync(ids[0], Ct)));
        Assert.Empty(await CommitAsync(s => s.Rotations.UpdateAsync([], Ct)));
    }

    [Fact]
    public async Task Key_reports_saved_together_keep_each_devices_last()
    {
        var (first, second) = (await AddDeviceAsync(), await AddDeviceAsync());
        DeviceKeyReport Report(Device device, uint epoch) => new(device.Id, epoch, epoch - 1, 1, 1_700_000_000 + epoch, [new KeyUseCount(Sample.Id(), (ushort)epoch)], Sample.At(epoch));
        await CommitAsync(s => s.Reports.SaveKeyReportsAsync([Report(second, 2)], Ct));
        DeviceKeyReport[] reports = [Report(second, 5), Report(first, 3), Report(second, 4), Report(first, 9)];

        await CommitAsync(s => s.Reports.SaveKeyReportsAsync(reports, Ct));
        await CommitAsync(s => s.Reports.SaveKeyReportsAsync([], Ct));

        AssertSame(new[] { reports[3], reports[2] }, (await ReadAsync(s => s.Reports.KeyReportsAsync([first.Id, second.Id], Ct))).OrderBy(report => report.DeviceId == second.Id).ToArray());
    }

    [Fact]
    public async Task Devices_updated_together_end_as_each_ones_last_copy_and_a_name_taken_conflicts()
    {
        var (first, second) = (await AddDeviceAsync(), await AddDeviceAsync());
        var renamed = first with { Name = Sample.Name("renamed"), Epoch = 8, EpochKeySealed = null, BulletinSequence = 13 };

        var found = await CommitAsync(async s =>
        {
            await s.Devices.LockAsync([first.Id, second.Id], Ct);
            return await s.Devices.UpdateAsync([first with { Epoch = 99 }, second with { Rentable = false }, renamed], Ct);
        });

        Assert.Equal([true, true, true], found);
        AssertSame(renamed, await ReadAsync(s => s.Devices.GetAsync(first.Id, forUpdate: false, Ct)));
        AssertSame(second with { Rentable = false }, await ReadAsync(s => s.Devices.GetAsync(second.Id, forUpdate: false, Ct)));
        await Assert.ThrowsAsync<StoreConflictException>(() => CommitAsync(async s =>
        {
            await s.Devices.LockAsync([first.Id, second.Id], Ct);
            await s.Devices.UpdateAsync([second with { Name = renamed.Name.ToUpperInvariant() }], Ct);
        }));
        Assert.Empty(await CommitAsync(s => s.Devices.UpdateAsync([], Ct)));
    }

    [Fact]
    public async Task Touches_of_a_batch_only_move_last_seen_forward_one_after_the_other()
    {
        var (first, second) = (await AddDeviceAsync(), await AddDeviceAsync());
        var unseen = Sample.Device() with { LastSeenAt = null };
        await CommitAsync(s => s.Devices.InsertAsync(unseen, Ct));

        await CommitAsync(async s =>
        {
            await s.Devices.LockAsync([first.Id, second.Id, unseen.Id], Ct);
            await s.Devices.TouchAsync([(first.Id, Sample.At(50)), (unseen.Id, Sample.At(7)), (first.Id, Sample.At(60)), (second.Id, Sample.At(1)), (first.Id, Sample.At(55))], Ct);
            // The session's locked copies moved as the rows did.
            Assert.Equal(Sample.At(60), (await s.Devices.GetAsync(first.Id, forUpdate: true, Ct))!.LastSeenAt);
            Assert.Equal(second.LastSeenAt, (await s.Devices.GetAsync(second.Id, forUpdate: true, Ct))!.LastSeenAt);
        });

        Assert.Equal(Sample.At(60), (await ReadAsync(s => s.Devices.GetAsync(first.Id, forUpdate: false, Ct)))!.LastSeenAt);
        Assert.Equal(second.LastSeenAt, (await ReadAsync(s => s.Devices.GetAsync(second.Id, forUpdate: false, Ct)))!.LastSeenAt);
        Assert.Equal(Sample.At(7), (await ReadAsync(s => s.Devices.GetAsync(unseen.Id, forUpdate: false, Ct)))!.LastSeenAt);
    }

    [Fact]
    public async Task Down_message_ids_of_a_batch_count_up_per_device_in_the_batchs_order()
    {
        var (first, second) = (await AddDeviceAsync(), await AddDeviceAsync());
        var (a, b) = (first.LastDownMessageId, second.LastDownMessageId);

        var ids = await CommitAsync(async s =>
        {
            await s.Devices.LockAsync([first.Id, second.Id], Ct);
            return await s.Devices.NextDownMessageIdsAsync([second.Id, first.Id, second.Id, second.Id, first.Id], Ct);
        });

        Assert.Equal([b + 1, a + 1, b + 2, b + 3, a + 2], ids);
        Assert.Equal(b + 3, (await ReadAsync(s => s.Devices.GetAsync(second.Id, forUpdate: false, Ct)))!.LastDownMessageId);
        Assert.Empty(await CommitAsync(s => s.Devices.NextDownMessageIdsAsync([], Ct)));
        await CommitAsync(s => Assert.ThrowsAsync<InvalidOperationException>(() => s.Devices.NextDownMessageIdsAsync([first.Id, Sample.Id()], Ct)));
    }
}

public sealed class SqliteBatchWriteTests(SqliteStoreFixture fixture) : BatchWriteTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresBatchWriteTests(PostgresStoreFixture fixture) : BatchWriteTests(fixture), IClassFixture<PostgresStoreFixture>;
