namespace ShareKey.KeyService.Outbox;

/// <summary>
/// Up frames the service has received but not yet applied (the uplink processor's queue). The
/// outbox sender holds a resend until every frame received before it fell due is applied: the
/// ack it waits for may be among them, and a resend would only put a copy of that ack behind it.
/// Under a fleet's burst on a loaded machine, acks that queued past the ack timeout made every Rotate
/// go out again and every copy's ack was one more frame to apply (the fleet benchmark's burst:
/// 14 up frames per rotation before resends were held and the uplink path batched, 9 after).
/// </summary>
public interface IUplinkBacklog
{
    /// <summary>When the oldest frame not yet applied was received; null when every frame received is applied.</summary>
    DateTimeOffset? OldestUnapplied { get; }
}
