using ShareKey.KeyService.Storage;
using ShareKey.KeyService.Uplinks;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Storage;

public abstract class UplinkTableTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public async Task An_uplink_is_new_once_per_device_and_message_id()
    {
        var device = await AddDeviceAsync();
        var other = await AddDeviceAsync();

        Assert.True(await CommitAsync(s => s.Uplinks.TryRecordAsync(device.Id, uint.MaxValue, MessageType.Ack, Sample.At(1), Ct)));
        Assert.False(await CommitAsync(s => s.Uplinks.TryRecordAsync(device.Id, uint.MaxValue, MessageType.Ack, Sample.At(2), Ct)));
        Assert.True(await CommitAsync(s => s.Uplinks.TryRecordAsync(other.Id, uint.MaxValue, MessageType.Ack, Sample.At(2), Ct)));
        await CommitAsync(async s =>
        {
            Assert.True(await s.Uplinks.TryRecordAsync(device.Id, 5, MessageType.Event, Sample.At(3), Ct));
            Assert.False(await s.Uplinks.TryRecordAsync(device.Id, 5, MessageType.Event, Sample.At(3), Ct));
        });
    }

    [Fact]
    public async Task An_uplink_recorded_in_a_rolled_back_session_is_new_again()
    {
        var device = await AddDeviceAsync();

        Assert.True(await ReadAsync(s => s.Uplinks.TryRecordAsync(device.Id, 9, MessageType.KeyReport, Sample.At(1), Ct)));

        Assert.True(await CommitAsync(s => s.Uplinks.TryRecordAsync(device.Id, 9, MessageType.KeyReport, Sample.At(2), Ct)));
    }

    [Fact]
    public async Task Pruning_forgets_only_uplinks_both_old_and_beyond_the_newest_of_their_device()
    {
        // A database of its own: pruning spans every device, and the counts must be this test's alone.
        await using var store = Fixture.Open(await Fixture.CreateDatabaseAsync());
        await store.MigrateAsync(Ct);
        var busy = await AddDeviceAsync(store);
        var quiet = await AddDeviceAsync(store);
        var recent = await AddDeviceAsync(store);
        for (uint id = 1; id <= 5; id++)
        {
            await CommitAsync(s => s.Uplinks.TryRecordAsync(busy.Id, id, MessageType.Event, Sample.At(id), Ct), store);
        }
        await CommitAsync(s => s.Uplinks.TryRecordAsync(quiet.Id, 77, MessageType.Event, Sample.At(1), Ct), store);
        for (uint id = 1; id <= 3; id++)
        {
            await CommitAsync(s => s.Uplinks.TryRecordAsync(recent.Id, id, MessageType.Ack, Sample.At(200 + id), Ct), store);
        }

        Assert.Equal(3, await CommitAsync(s => s.Uplinks.PruneAsync(Sample.At(100), 2, Ct), store));

        // Forgotten: busy's three oldest. Kept: busy's newest two, quiet's only one (a late resend is still caught),
        // and everything of recent (young).
        Assert.Equal(new[] { false, false, false, true, true }, await HandledAsync(store, busy.Id, 1, 2, 3, 4, 5));
        Assert.Equal(new[] { true }, await HandledAsync(store, quiet.Id, 77));
        Assert.Equal(new[] { true, true, true }, await HandledAsync(store, recent.Id, 1, 2, 3));
        Assert.Equal(0, await CommitAsync(s => s.Uplinks.PruneAsync(Sample.At(100), 2, Ct), store));
    }

    [Fact]
    public async Task Among_uplinks_received_at_the_same_time_the_higher_message_id_is_the_newer()
    {
        await using var store = Fixture.Open(await Fixture.CreateDatabaseAsync());
        await store.MigrateAsync(Ct);
        var device = await AddDeviceAsync(store);
        await CommitAsync(s => s.Uplinks.TryRecordAsync(device.Id, 8, MessageType.Event, Sample.At(1), Ct), store);
        await CommitAsync(s => s.Uplinks.TryRecordAsync(device.Id, 9, MessageType.Event, Sample.At(1), Ct), store);

        Assert.Equal(1, await CommitAsync(s => s.Uplinks.PruneAsync(Sample.At(2), 1, Ct), store));

        Assert.Equal(new[] { false, true }, await HandledAsync(store, device.Id, 8, 9));
    }

    [Fact]
    public async Task A_devices_newest_uplinks_are_those_of_its_highest_message_ids_whenever_they_arrived()
    {
        await using var store = Fixture.Open(await Fixture.CreateDatabaseAsync());
        await store.MigrateAsync(Ct);
        var device = await AddDeviceAsync(store);
        // Message 5, an Event batch lost on its first send, arrives after 6 and 7 (resent on reconnect).
        await CommitAsync(s => s.Uplinks.TryRecordAsync(device.Id, 6, MessageType.KeyReport, Sample.At(1), Ct), store);
        await CommitAsync(s => s.Uplinks.TryRecordAsync(device.Id, 7, MessageType.Ack, Sample.At(2), Ct), store);
        await CommitAsync(s => s.Uplinks.TryRecordAsync(device.Id, 5, MessageType.Event, Sample.At(3), Ct), store);

        Assert.Equal(1, await CommitAsync(s => s.Uplinks.PruneAsync(Sample.At(100), 2, Ct), store));

        Assert.Equal(new[] { false, true, true }, await HandledAsync(store, device.Id, 5, 6, 7));
    }

    /// <summary>Per message id, whether the table still remembers it (probed in a session that is rolled back).</summary>
    private Task<bool[]> HandledAsync(IKeyStore store, ulong deviceId, params uint[] messageIds) => ReadAsync(async s =>
    {
        var handled = new bool[messageIds.Length];
        for (var i = 0; i < messageIds.Length; i++)
        {
            handled[i] = !await s.Uplinks.TryRecordAsync(deviceId, messageIds[i], MessageType.Event, Sample.At(1), Ct);
        }
        return handled;
    }, store);

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task A_racing_duplicate_waits_for_the_first_and_is_new_only_if_it_rolled_back(bool firstCommits, bool secondIsNew)
    {
        var device = await AddDeviceAsync();
        var first = await Store.BeginAsync(Ct);
        Task<bool> second;
        try
        {
            Assert.True(await first.Uplinks.TryRecordAsync(device.Id, 42, MessageType.Ack, Sample.At(1), Ct));

            second = Task.Run(() => CommitAsync(s => s.Uplinks.TryRecordAsync(device.Id, 42, MessageType.Ack, Sample.At(2), Ct)));
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

        Assert.Equal(secondIsNew, await second);
    }
}

public sealed class SqliteUplinkTableTests(SqliteStoreFixture fixture) : UplinkTableTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresUplinkTableTests(PostgresStoreFixture fixture) : UplinkTableTests(fixture), IClassFixture<PostgresStoreFixture>;
