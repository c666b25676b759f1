using ShareKey.KeyService.Audit;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Notifications;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Storage;

public abstract class NotificationTableTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public async Task Notifications_read_back_per_user_newest_first_and_after_an_id_oldest_first()
    {
        var user = await AddUserAsync();
        var other = await AddUserAsync();
        var device = await AddDeviceAsync();
        var ids = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            var notification = new Notification(0, user.Id, NotificationType.DeviceUnlocked, Sample.At(i), Sample.At(i + 1), device.Id, Sample.Id(), $"event:{Sample.Id()}", "{\"n\":" + i + "}");
            ids.Add((await CommitAsync(s => s.Notifications.InsertAsync(notification, Ct)))!.Value);
        }

        await CommitAsync(s => s.Notifications.InsertAsync(new Notification(0, other.Id, NotificationType.KeyIssued, Sample.At(9), Sample.At(9), null, null, "audit:1", "{}"), Ct));

        var newest = await ReadAsync(s => s.Notifications.NewestAsync(user.Id, null, 10, Ct));
        Assert.Equal(ids.AsEnumerable().Reverse(), newest.Select(n => n.Id));
        Assert.Equal(ids[..2].AsEnumerable().Reverse(), (await ReadAsync(s => s.Notifications.NewestAsync(user.Id, ids[2], 10, Ct))).Select(n => n.Id));
        Assert.Equal(ids[2..], (await ReadAsync(s => s.Notifications.AfterAsync(user.Id, ids[1], 10, Ct))).Select(n => n.Id));
        var read = await ReadAsync(s => s.Notifications.GetAsync(ids[3], Ct));
        AssertSame(newest[0], read);
        Assert.Equal(device.Id, read!.DeviceId);
        Assert.Equal(NotificationType.DeviceUnlocked, read.Type);
        Assert.Equal("{\"n\":3}", read.Data);
    }

    [Fact]
    public async Task A_source_tells_a_user_a_thing_once()
    {
        var user = await AddUserAsync();
        var source = $"audit:{Sample.Id()}";
        var notification = new Notification(0, user.Id, NotificationType.KeyFrozen, Sample.At(1), Sample.At(1), null, null, source, "{}");

        Assert.NotNull(await CommitAsync(s => s.Notifications.InsertAsync(notification, Ct)));
        Assert.Null(await CommitAsync(s => s.Notifications.InsertAsync(notification, Ct)));
        Assert.NotNull(await CommitAsync(s => s.Notifications.InsertAsync(notification with { Type = NotificationType.KeyRevoked }, Ct)));
    }

    [Fact]
    public async Task Several_are_stored_together_in_order_and_each_source_tells_a_user_a_thing_once()
    {
        var (user, other) = (await AddUserAsync(), await AddUserAsync());
        var source = $"audit:{Sample.Id()}";
        var stored = new Notification(0, user.Id, NotificationType.KeyIssued, Sample.At(1), Sample.At(1), null, null, source, "{}");
        Assert.NotNull(await CommitAsync(s => s.Notifications.InsertAsync(stored, Ct)));
        var fresh = stored with { UserId = other.Id };

        var ids = await CommitAsync(s => s.Notifications.InsertAsync([fresh, stored, fresh, stored with { Type = NotificationType.KeyRevoked }], Ct));

        // Told already: before this batch (the second) or earlier in it (the third).
        Assert.Equal([true, false, false, true], ids.Select(id => id is not null));
        Assert.True(ids[3] > ids[0]);
        Assert.Empty(await CommitAsync(s => s.Notifications.InsertAsync(Array.Empty<Notification>(), Ct)));
        var newest = await ReadAsync(s => s.Notifications.NewestAsync(other.Id, null, 10, Ct));
        Assert.Equal(ids[0], Assert.Single(newest).Id);
    }

    [Fact]
    public async Task Audit_entries_and_device_events_are_pending_until_read_once()
    {
        await using var store = await Fixture.NewStoreAsync();
        var device = await AddDeviceAsync(store);
        await CommitAsync(
            async s =>
            {
                await s.Audit.AppendAsync(new AuditEntry(0, Sample.At(1), "service", "key.freeze", "key:0000000000000001", "ok", ""), Ct);
                await s.Audit.AppendAsync(new AuditEntry(0, Sample.At(2), "device:0000000000000001", "device.ack.remotelock", "device:0000000000000001", "refused", ""), Ct);
                await s.Reports.AddEventsAsync([new DeviceEvent(0, device.Id, EventKind.Unlocked, 5, 7, 1, 0, Sample.At(3))], Ct);
            },
            store);

        var (entries, events) = await CommitAsync(
            async s =>
            {
                await s.NotificationSources.LockPipelineAsync(Ct);
                return (await s.NotificationSources.PendingAuditAsync(10, Ct), await s.NotificationSources.PendingEventsAsync(10, Ct));
            },
            store);
        Assert.Equal(["key.freeze", "device.ack.remotelock"], entries.Select(e => e.Action));
        Assert.Equal("refused", entries[1].Result);
        var e = Assert.Single(events);
        Assert.Equal((device.Id, EventKind.Unlocked, 7UL, (short)0), (e.DeviceId, e.Kind, e.KeyId, e.Value));

        await CommitAsync(s => s.NotificationSources.MarkReadAsync([entries[0].Id], [e.Id], Ct), store);

        Assert.Equal([entries[1].Id], (await ReadAsync(s => s.NotificationSources.PendingAuditAsync(10, Ct), store)).Select(x => x.Id));
        Assert.Empty(await ReadAsync(s => s.NotificationSources.PendingEventsAsync(10, Ct), store));
    }

    [Fact]
    public async Task Every_entry_and_event_a_rule_can_tell_is_stored_pending_and_no_other()
    {
        await using var store = await Fixture.NewStoreAsync();
        var device = await AddDeviceAsync(store);
        var told = new List<AuditEntry>();
        foreach (var (action, everyResult) in NotificationRules.AuditActions)
        {
            told.Add(new AuditEntry(0, Sample.At(1), "service", action, "device:0000000000000001", "ok", ""));
            if (everyResult)
            {
                told.Add(new AuditEntry(0, Sample.At(1), "service", action, "device:0000000000000001", "refused", ""));
            }
        }

        // A rotation's entries, a device's routine ack, refusals of actions that tell when they succeed.
        AuditEntry[] untold =
        [
            new(0, Sample.At(2), "service", "rotation.start", "device:0000000000000001", "ok", ""),
            new(0, Sample.At(2), "device:0000000000000001", "rotation.confirm", "device:0000000000000001", "ok", ""),
            new(0, Sample.At(2), "device:0000000000000001", "device.ack.rotate", "device:0000000000000001", "applied", ""),
            new(0, Sample.At(2), "user:0000000000000001", "key.revoke", "key:0000000000000001", "forbidden", ""),
            new(0, Sample.At(2), "user:0000000000000001", "vehicle.remote-lock", "device:0000000000000001", "conflict", ""),
        ];
        var kinds = Enum.GetValues<EventKind>();
        byte[] details = [0, 1, 2, 3, 255];
        var events = kinds.SelectMany(kind => details.Select(detail => new DeviceEvent(0, device.Id, kind, 5, 0, detail, 0, Sample.At(3)))).ToList();
        await CommitAsync(
            async s =>
            {
                // One at a time and as a batch: both ways in are held to the rules.
                foreach (var entry in told.Concat(untold).Where((_, i) => i % 2 == 0))
                {
                    await s.Audit.AppendAsync(entry, Ct);
                }

                await s.Audit.AppendAsync([.. told.Concat(untold).Where((_, i) => i % 2 == 1)], Ct);
                await s.Reports.AddEventsAsync(events, Ct);
            },
            store);

        var (entries, pendingEvents) = await CommitAsync(
            async s =>
            {
                await s.NotificationSources.LockPipelineAsync(Ct);
                return (await s.NotificationSources.PendingAuditAsync(1_000, Ct), await s.NotificationSources.PendingEventsAsync(1_000, Ct));
            },
            store);
        Assert.Equal(
            told.Select(e => (e.Action, e.Result)).Order(),
            entries.Select(e => (e.Action, e.Result)).Order());
        Assert.Equal(
            events.Where(e => NotificationRules.Tells(e.Kind, e.Detail)).Select(e => (e.Kind, e.Detail)).Order(),
            pendingEvents.Select(e => (e.Kind, e.Detail)).Order());
        // Not one kind told for every detail: the occupancy heartbeat (detail 1) and a RemoteLock's steps are stored read.
        Assert.DoesNotContain((EventKind.Occupancy, (byte)1), pendingEvents.Select(e => (e.Kind, e.Detail)));
        Assert.DoesNotContain(EventKind.RemoteLocked, pendingEvents.Select(e => e.Kind));
        Assert.Contains((EventKind.Occupancy, (byte)0), pendingEvents.Select(e => (e.Kind, e.Detail)));
    }

    [Fact]
    public async Task A_silence_is_reported_once_per_last_seen_time()
    {
        await using var store = await Fixture.NewStoreAsync();
        var device = Sample.Device() with { LastSeenAt = Sample.At(10) };
        await CommitAsync(s => s.Devices.InsertAsync(device, Ct), store);

        Assert.Empty(await ReadAsync(s => s.NotificationSources.UnreportedSilencesAsync(Sample.At(5), 10, Ct), store));
        var silent = Assert.Single(await ReadAsync(s => s.NotificationSources.UnreportedSilencesAsync(Sample.At(20), 10, Ct), store));
        Assert.Equal((device.Id, Sample.At(10)), silent);

        await CommitAsync(s => s.NotificationSources.RecordSilenceAsync(device.Id, Sample.At(10), Sample.At(20), Ct), store);
        Assert.Empty(await ReadAsync(s => s.NotificationSources.UnreportedSilencesAsync(Sample.At(30), 10, Ct), store));

        await CommitAsync(s => s.Devices.TouchAsync(device.Id, Sample.At(40), Ct), store);
        Assert.Single(await ReadAsync(s => s.NotificationSources.UnreportedSilencesAsync(Sample.At(50), 10, Ct), store));
    }
}

public sealed class SqliteNotificationTableTests(SqliteStoreFixture fixture) : NotificationTableTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresNotificationTableTests(PostgresStoreFixture fixture) : NotificationTableTests(fixture), IClassFixture<PostgresStoreFixture>;
