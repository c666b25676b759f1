using Microsoft.Extensions.Options;
using ShareKey.KeyService.Outbox;
using ShareKey.KeyService.Storage;
using ShareKey.Protocol.Messages;

namespace ShareKey.KeyService.Uplinks;

/// <summary>
/// How often a device's KeyReport may make the cloud send it something again. A report repairs
/// what it shows missing (an old bulletin, an unsent Commit, a clock behind, a Rotate not yet
/// applied), but a device that reports over and over — broken, or hostile, answering every repair
/// with Stale or Refused — must not turn that into a resend loop. So each kind of repair is paced
/// per device: one at a time; after one the device applied, the next may follow at once; after
/// one it did not apply (any other answer, or none), the next waits one ack timeout, doubled for
/// every further one in a row it did not apply, up to <see cref="MaxWait"/>. A pending Rotate is
/// sent ahead of its schedule only for a device that had not reported for an ack timeout (it has
/// just come back): a device reporting again and again gets it on the outbox's schedule. A report
/// received before the device applied the last repair of a kind asks for nothing of that kind.
/// </summary>
public sealed class RepairPacing(IOptions<RotationOptions> options)
{
    /// <summary>The longest a device waits between two repairs of one kind, however often they failed.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromHours(1);

    /// <summary>Rows of a device's outbox looked at (newest first): far more than a paced device makes between two repairs.</summary>
    private const int History = 64;

    private TimeSpan BaseWait => options.Value.AckTimeout;

    /// <summary>
    /// What pacing looks at, for each of the devices, in one statement: its newest outbox rows,
    /// newest first. Kept up to date by the caller with what it queues (<see cref="Queued"/>).
    /// </summary>
    public async Task<Dictionary<ulong, List<OutboxMessage>>> HistoryAsync(IStoreSession session, IReadOnlyList<ulong> deviceIds, CancellationToken cancellationToken)
    {
        var history = deviceIds.Distinct().ToDictionary(id => id, _ => new List<OutboxMessage>());
        foreach (var message in await session.Outbox.NewestOfDevicesAsync([.. history.Keys], History, cancellationToken))
        {
            history[message.DeviceId].Add(message);
        }

        return history;
    }

    /// <summary>Adds a message just queued to its device's <paramref name="history"/>, as a new read would show it.</summary>
    public static void Queued(List<OutboxMessage> history, OutboxMessage queued)
    {
        history.Insert(0, queued);
        if (history.Count > History)
        {
            history.RemoveAt(History);
        }
    }

    /// <summary>Whether a new message of <paramref name="type"/> may be queued for the device whose <paramref name="history"/> this is, for a report received at <paramref name="now"/>.</summary>
    public bool MayQueue(IReadOnlyList<OutboxMessage> history, MessageType type, DateTimeOffset now)
    {
        var earlier = history.Where(message => message.Type == type).ToList();
        if (earlier.Count == 0)
        {
            return true;
        }

        if (earlier[0].State == OutboxState.Pending)
        {
            // One on its way already: the outbox resends it on its own schedule.
            return false;
        }

        if (earlier[0] is { AckStatus: AckStatus.Applied, AckedAt: { } applied } && applied >= now)
        {
            // The device applied the last one after this report came: the report is older than that,
            // and says nothing it lacks now. Several instances apply one device's frames in any
            // order, so a report sent before a Commit arrived can be handled after its Applied ack.
            return false;
        }

        var unapplied = earlier.TakeWhile(message => message.AckStatus != AckStatus.Applied).Count();
        return now - earlier[0].CreatedAt >= Wait(unapplied);
    }

    /// <summary>
    /// Whether a pending message may be sent once more ahead of its schedule for a report received
    /// at <paramref name="now"/>: only if the device's report before it (<paramref name="previousReportAt"/>)
    /// is at least one ack timeout older, or there was none.
    /// </summary>
    public static bool MaySendEarly(OutboxMessage pending, DateTimeOffset? previousReportAt, DateTimeOffset now) =>
        previousReportAt is not { } previous || now - previous >= pending.AckTimeout;

    private TimeSpan Wait(int unapplied)
    {
        if (unapplied == 0)
        {
            return TimeSpan.Zero;
        }

        var wait = BaseWait;
        for (var i = 1; i < unapplied && wait < MaxWait; i++)
        {
            wait *= 2;
        }

        return wait < MaxWait ? wait : MaxWait;
    }
}
