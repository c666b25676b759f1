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
