using Microsoft.Extensions.Options;
using ShareKey.KeyService.Devices;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Secrets;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Tests.Storage;

/// <summary>
/// A down message is stored with its first send counted and goes to the sender from the session that
/// committed it (OutboxWriter, OutboxSignal): never from one that rolled back, and the table offers
/// it to no claim until its ack timeout has passed, when it is the resend.
/// </summary>
public abstract class OutboxFirstSendTests(StoreFixture fixture) : StoreTests(fixture)
{
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(15);

    private readonly SecretSealer sealer = new(Sample.Bytes(32));
    private readonly OutboxSignal signal = new();

    [Fact]
    public async Task A_committed_message_goes_to_the_sender_counted_once_and_is_claimed_only_as_its_resend()
    {
        var device = await AddTboxAsync();
        var before = DateTimeOffset.UtcNow;

        var queued = await CommitAsync(async s =>
        {
            await s.Devices.LockAsync([device.Id], Ct);
            return await Writer().EnqueueAsync(s, device, new CommitMessage { Epoch = 1 }, rotationId: null, Ct);
        });

        var handed = Assert.Single(signal.TakeCommitted());
        Assert.Equal(queued.Id, handed.Id);
        Assert.Equal(1, handed.Attempts);
        Assert.Equal(handed.LastAttemptAt + AckTimeout, handed.NextAttemptAt);
        Assert.InRange(handed.LastAttemptAt!.Value, before.AddMilliseconds(-1), DateTimeOffset.UtcNow);
        var stored = await ReadAsync(s => s.Outbox.GetAsync(queued.Id, Ct));
        Assert.Equal((OutboxState.Pending, 1, stored!.LastAttemptAt + AckTimeout), (stored.State, stored.Attempts, stored.NextAttemptAt));
        Assert.Equal(handed.Frame, stored.Frame);
        var now = stored.LastAttemptAt!.Value;
        Assert.Empty(await ReadAsync(s => s.Outbox.ClaimDueAsync(now + AckTimeout - TimeSpan.FromMilliseconds(1), now + AckTimeout, 10, Ct)));
        Assert.Equal(queued.Id, Assert.Single(await ReadAsync(s => s.Outbox.ClaimDueAsync(now + AckTimeout, now + AckTimeout, 10, Ct))).Id);
        Assert.Empty(signal.TakeCommitted());
    }

    [Fact]
    public async Task A_message_of_a_session_that_rolls_back_is_never_handed_to_the_sender()
    {
        var device = await AddTboxAsync();

        await using (var session = await Store.BeginAsync(Ct))
        {
            await session.Devices.LockAsync([device.Id], Ct);
            await Writer().EnqueueAsync(session, device, new CommitMessage { Epoch = 1 }, rotationId: null, Ct);
        }

        Assert.Empty(signal.TakeCommitted());
        Assert.Empty(await ReadAsync(s => s.Outbox.ListAsync(device.Id, state: null, 10, Ct)));
    }

    [Fact]
    public void Past_its_limit_the_signal_keeps_no_more_first_sends_and_leaves_them_to_the_resend()
    {
        var message = new OutboxMessage(1, 1, 1, MessageType.Commit, [1], OutboxState.Pending, 1, 5, AckTimeout, Sample.At(15), Sample.At(0), Sample.At(0), null, null, null);

        signal.Committed([.. Enumerable.Repeat(message, OutboxSignal.MaxWaiting + 3)]);
        var taken = signal.TakeCommitted();
        signal.Committed([message]);

        Assert.Equal(OutboxSignal.MaxWaiting, taken.Count);
        Assert.Single(signal.TakeCommitted());
    }

    private OutboxWriter Writer() =>
        new(new DeviceCrypto(sealer), TimeProvider.System, Options.Create(new RotationOptions { AckTimeout = AckTimeout }), signal);

    /// <summary>A device whose root key opens, so a frame to it can be encoded.</summary>
    private async Task<Device> AddTboxAsync()
    {
        var id = Sample.Id();
        var device = Sample.Device() with { Id = id, RootKeySealed = sealer.Seal(Sample.Bytes(32), SecretSealer.RootPurpose(id)) };
        await CommitAsync(s => s.Devices.InsertAsync(device, Ct));
        return device;
    }
}

public sealed class SqliteOutboxFirstSendTests(SqliteStoreFixture fixture) : OutboxFirstSendTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class PostgresOutboxFirstSendTests(PostgresStoreFixture fixture) : OutboxFirstSendTests(fixture), IClassFixture<PostgresStoreFixture>;
