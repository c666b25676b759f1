using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Outbox;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>Several sessions of one store at once, as the outbox worker, the gateway and the API make them.</summary>
public abstract class ConcurrencyTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public async Task Down_message_ids_stay_distinct_under_concurrent_sessions()
    {
        var device = await AddDeviceAsync();

        var batches = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var ids = new List<uint>();
            for (var i = 0; i < 200; i++)
            {
                ids.Add(await CommitAsync(s => s.Devices.NextDownMessageIdAsync(device.Id, Ct)));
            }

            return ids;
        })));

        var all = batches.SelectMany(ids => ids).Order().ToArray();
        Assert.Equal(Enumerable.Range(1, 800).Select(i => device.LastDownMessageId + (uint)i), all);
        foreach (var ids in batches)
        {
            Assert.Equal(ids.Order(), ids);
        }
    }

    [Fact]
    public async Task Two_workers_claim_disjoint_messages()
    {
        await using var store = await Fixture.NewStoreAsync();
        var device = await AddDeviceAsync(store);
        await CommitAsync(async s =>
        {
            for (var id = 1u; id <= 10; id++)
            {
                await s.Outbox.InsertAsync(Sample.Outbox(device.Id, id), Ct);
            }
        }, store);

        // A worker claims what is due and pushes each claimed message's next attempt back.
        Task<List<long>> Claim() => CommitAsync(async s =>
        {
            var claimed = await s.Outbox.ClaimDueAsync(Sample.At(30), Sample.At(30), 6, Ct);
            foreach (var message in claimed)
            {
                await s.Outbox.UpdateAsync(message with { Attempts = 1, NextAttemptAt = Sample.At(90) }, Ct);
            }

            return claimed.Select(m => m.Id).ToList();
        }, store);

        var first = await store.BeginAsync(Ct);
        List<long> firstClaimed;
        Task<List<long>> second;
        try
        {
            var claimed = await first.Outbox.ClaimDueAsync(Sample.At(30), Sample.At(30), 6, Ct);
            foreach (var message in claimed)
            {
                await first.Outbox.UpdateAsync(message with { Attempts = 1, NextAttemptAt = Sample.At(90) }, Ct);
            }

            firstClaimed = [.. claimed.Select(m => m.Id)];
            second = Task.Run(Claim);
            if (Fixture.SessionsOverlap)
            {
                // Skips the rows the first worker holds instead of waiting for them.
                Assert.Equal(4, (await second).Count);
            }
            else
            {
                Assert.False(second.IsCompleted);
            }

            await first.CommitAsync(Ct);
        }
        finally
        {
            await first.DisposeAsync();
        }

        var secondClaimed = await second;
        Assert.Equal(6, firstClaimed.Count);
        Assert.Equal(4, secondClaimed.Count);
        Assert.Empty(firstClaimed.Intersect(secondClaimed));
        Assert.Empty(await ReadAsync(s => s.Outbox.ClaimDueAsync(Sample.At(30), Sample.At(30), 10, Ct), store));
        Assert.All(await ReadAsync(s => s.Outbox.ListAsync(device.Id, OutboxState.Pending, 20, Ct), store), m => Assert.Equal(1, m.Attempts));
    }

    [Fact]
    public async Task A_device_read_for_update_holds_off_the_next_reader_for_update_until_commit()
    {
        var device = await AddDeviceAsync();
        var first = await Store.BeginAsync(Ct);
        Task<uint> second;
        try
        {
            var locked = await first.Devices.GetAsync(device.Id, forUpdate: true, Ct);
            await first.Devices.UpdateAsync(locked! with { Epoch = locked.Epoch + 1 }, Ct);

            second = Task.Run(() => CommitAsync(async s => (await s.Devices.GetAsync(device.Id, forUpdate: true, Ct))!.Epoch));
            await Fixture.UntilSessionWaitsAsync(Fixture.StoreDatabase);
            Assert.False(second.IsCompleted);

            await first.CommitAsync(Ct);
        }
        finally
        {
            await first.DisposeAsync();
        }

        Assert.Equal(device.Epoch + 1, await second);
    }
}

public sealed class SqliteConcurrencyTests(SqliteStoreFixture fixture) : ConcurrencyTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresConcurrencyTests(PostgresStoreFixture fixture) : ConcurrencyTests(fixture), IClassFixture<PostgresStoreFixture>;
