using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.RemoteLock;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Storage;

public abstract class RemoteLockTableTests(StoreFixture fixture) : StoreTests(fixture)
{
    [Fact]
    public async Task The_newest_report_per_car_is_kept_unknowns_included()
    {
        var device = await AddDeviceAsync();
        var first = new VehicleState(device.Id, 100, 42, ChargingCable.Charging, 0, false, RemoteLockState.Released, false, false, 0, Sample.At(1));
        var second = new VehicleState(device.Id, 160, null, ChargingCable.Unknown, null, null, RemoteLockState.Engaged, true, true, 7, Sample.At(61));

        await CommitAsync(s => s.RemoteLocks.SaveStatesAsync([first], Ct));
        AssertSame(first, await ReadAsync(s => s.RemoteLocks.StateAsync(device.Id, Ct)));
        await CommitAsync(s => s.RemoteLocks.SaveStatesAsync([second], Ct));

        AssertSame(second, await ReadAsync(s => s.RemoteLocks.StateAsync(device.Id, Ct)));
        Assert.Null(await ReadAsync(s => s.RemoteLocks.StateAsync(Sample.Id(), Ct)));
    }

    [Fact]
    public async Task A_threshold_is_set_changed_and_removed()
    {
        var device = await AddDeviceAsync();

        await CommitAsync(s => s.RemoteLocks.SetThresholdAsync(device.Id, 20, Sample.Id(), Sample.At(1), Ct));
        await CommitAsync(s => s.RemoteLocks.SetThresholdAsync(device.Id, 30, Sample.Id(), Sample.At(2), Ct));
        Assert.Equal(30, await ReadAsync(s => s.RemoteLocks.ThresholdAsync(device.Id, Ct)));
        await CommitAsync(s => s.RemoteLocks.SetThresholdAsync(device.Id, null, Sample.Id(), Sample.At(3), Ct));

        Assert.Null(await ReadAsync(s => s.RemoteLocks.ThresholdAsync(device.Id, Ct)));
    }

    [Fact]
    public async Task A_car_has_one_open_prompt_and_a_closed_one_stays_closed()
    {
        var device = await AddDeviceAsync();
        var prompt = new ChargePrompt(0, device.Id, 18, 20, Sample.At(1), null, null, null);
        var id = await CommitAsync(s => s.RemoteLocks.InsertPromptAsync(prompt, Ct));

        AssertSame(prompt with { Id = id }, await ReadAsync(s => s.RemoteLocks.OpenPromptAsync(device.Id, Ct)));
        Assert.True(await CommitAsync(s => s.RemoteLocks.ClosePromptAsync(id, Sample.At(2), "recovered", null, Ct)));
        Assert.False(await CommitAsync(s => s.RemoteLocks.ClosePromptAsync(id, Sample.At(3), "answered", 5, Ct)));

        Assert.Null(await ReadAsync(s => s.RemoteLocks.OpenPromptAsync(device.Id, Ct)));
        AssertSame(prompt with { Id = id, ClosedAt = Sample.At(2), ClosedReason = "recovered" }, await ReadAsync(s => s.RemoteLocks.GetPromptAsync(id, Ct)));
        var next = await CommitAsync(s => s.RemoteLocks.InsertPromptAsync(prompt with { CreatedAt = Sample.At(4) }, Ct));
        Assert.Equal(next, (await ReadAsync(s => s.RemoteLocks.OpenPromptAsync(device.Id, Ct)))!.Id);
    }

    [Fact]
    public async Task Requests_are_found_by_message_id_listed_newest_first_and_the_unanswered_ones_oldest_first()
    {
        var device = await AddDeviceAsync();
        var requests = new List<RemoteLockRequest>();
        for (uint m = 1; m <= 3; m++)
        {
            var outboxId = await CommitAsync(s => s.Outbox.InsertAsync(Sample.Outbox(device.Id, m), Ct));
            var request = new RemoteLockRequest(0, device.Id, m == 2 ? RemoteLockAction.Release : RemoteLockAction.Lock, Sample.Id(), Sample.At(m), null, outboxId, m, RemoteLockRequestState.Sent, null, Sample.At(m));
            requests.Add(request with { Id = await CommitAsync(s => s.RemoteLocks.InsertRequestAsync(request, Ct)) });
        }

        var engaged = requests[0] with { State = RemoteLockRequestState.Engaged, Reason = "x", UpdatedAt = Sample.At(9) };
        await CommitAsync(s => s.RemoteLocks.UpdateRequestAsync(engaged, Ct));

        AssertSame(engaged, await ReadAsync(s => s.RemoteLocks.FindRequestAsync(device.Id, 1, Ct)));
        AssertSame(requests[1], await ReadAsync(s => s.RemoteLocks.GetRequestAsync(requests[1].Id, Ct)));
        Assert.Equal([3u, 2u], (await ReadAsync(s => s.RemoteLocks.RequestsAsync(device.Id, 2, Ct))).Select(r => r.MessageId));
        Assert.Equal([2u, 3u], (await ReadAsync(s => s.RemoteLocks.UnansweredAsync(device.Id, Ct))).Select(r => r.MessageId));
        Assert.Null(await ReadAsync(s => s.RemoteLocks.FindRequestAsync(device.Id, 4, Ct)));
    }
}

public sealed class SqliteRemoteLockTableTests(SqliteStoreFixture fixture) : RemoteLockTableTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresRemoteLockTableTests(PostgresStoreFixture fixture) : RemoteLockTableTests(fixture), IClassFixture<PostgresStoreFixture>;
