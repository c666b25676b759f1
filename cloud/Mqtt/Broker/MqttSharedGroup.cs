using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Broker;

/// <summary>
/// The members of one <c>$share/{group}/{filter}</c>. Each message goes to one member, round-robin, preferring
/// members that are connected so a persistent member that is offline does not hoard the group's traffic.
/// Membership changes only under the subscription tree's write lock; <see cref="Pick"/> runs under its read lock.
/// </summary>
internal sealed class MqttSharedGroup
{
    private readonly List<MqttSubscriber> _members = [];
    private int _next;

    public bool IsEmpty => _members.Count == 0;

    public void Set(MqttSession session, MqttQualityOfService qos)
    {
        var index = _members.FindIndex(m => m.Session == session);
        if (index >= 0)
        {
            _members[index] = new MqttSubscriber(session, qos);
        }
        else
        {
            _members.Add(new MqttSubscriber(session, qos));
        }
    }

    public bool Remove(MqttSession session) => _members.RemoveAll(m => m.Session == session) > 0;

    public MqttSubscriber? Pick()
    {
        var count = _members.Count;
        if (count == 0)
        {
            return null;
        }
        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)count);
        for (var i = 0; i < count; i++)
        {
            var candidate = _members[(start + i) % count];
            if (candidate.Session.IsConnected)
            {
                return candidate;
            }
        }
        return _members[start];
    }
}
