using ShareKey.Mqtt.Packets;
using ShareKey.Mqtt.Topics;

namespace ShareKey.Mqtt.Broker;

/// <summary>
/// Every subscription of every session, as a tree of topic levels, so a PUBLISH is matched in time proportional to
/// its topic's depth rather than to the number of subscriptions. Many publishers match at once (read lock);
/// subscribe and unsubscribe take the write lock.
/// </summary>
internal sealed class MqttSubscriptionTree
{
    private readonly MqttSubscriptionNode _root = new(null, "");
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    public void Subscribe(MqttSession session, string filter, MqttQualityOfService qos)
    {
        var shared = MqttSharedSubscription.TryParse(filter, out var parsed) ? parsed : null;
        _lock.EnterWriteLock();
        try
        {
            var node = _root;
            foreach (var level in (shared?.Filter ?? filter).Split('/'))
            {
                node = node.GetOrAddChild(level);
            }
            if (shared is null)
            {
                (node.Subscribers ??= [])[session] = qos;
            }
            else
            {
                node.SharedGroups ??= new Dictionary<string, MqttSharedGroup>(StringComparer.Ordinal);
                if (!node.SharedGroups.TryGetValue(shared.Group, out var group))
                {
                    group = new MqttSharedGroup();
                    node.SharedGroups.Add(shared.Group, group);
                }
                group.Set(session, qos);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Unsubscribe(MqttSession session, string filter)
    {
        var shared = MqttSharedSubscription.TryParse(filter, out var parsed) ? parsed : null;
        _lock.EnterWriteLock();
        try
        {
            var node = _root;
            foreach (var level in (shared?.Filter ?? filter).Split('/'))
            {
                node = node.FindChild(level);
                if (node is null)
                {
                    return;
                }
            }
            if (shared is null)
            {
                node.Subscribers?.Remove(session);
            }
            else if (node.SharedGroups?.GetValueOrDefault(shared.Group) is { } group && group.Remove(session) && group.IsEmpty)
            {
                node.SharedGroups.Remove(shared.Group);
            }
            Prune(node);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Adds to <paramref name="output"/> one entry per matching session (highest granted QoS when several of its
    /// filters match) plus one chosen member per matching shared group.
    /// </summary>
    public void Match(string topic, List<MqttSubscriber> output)
    {
        var visitor = new Visitor(output, topic.StartsWith('$'));
        _lock.EnterReadLock();
        try
        {
            visitor.Visit(_root, topic, finished: false, atRoot: true);
        }
        finally
        {
            _lock.ExitReadLock();
        }
        if (visitor.DirectCount > 1)
        {
            KeepHighestPerSession(output, visitor.DirectCount);
        }
    }

    // Removing empty nodes keeps the tree from growing with every device id that ever subscribed.
    private static void Prune(MqttSubscriptionNode node)
    {
        while (node.Parent is { } parent && node.IsEmpty)
        {
            parent.RemoveChild(node);
            node = parent;
        }
    }

    private static void KeepHighestPerSession(List<MqttSubscriber> output, int directCount)
    {
        var best = new Dictionary<MqttSession, int>(directCount);
        var write = 0;
        for (var read = 0; read < directCount; read++)
        {
            var entry = output[read];
            if (best.TryGetValue(entry.Session, out var at))
            {
                if (entry.GrantedQualityOfService > output[at].GrantedQualityOfService)
                {
                    output[at] = entry;
                }
                continue;
            }
            best[entry.Session] = write;
            output[write++] = entry;
        }
        var removed = directCount - write;
        if (removed > 0)
        {
            // Shared picks sit after the direct matches; move them down over the gap.
            output.RemoveRange(write, removed);
        }
    }

    /// <summary>Walks the tree level by level; direct subscribers first, shared picks collected and appended last.</summary>
    private struct Visitor
    {
        private readonly List<MqttSubscriber> _output;
        private readonly bool _dollarTopic;
        private List<MqttSharedGroup>? _shared;

        public Visitor(List<MqttSubscriber> output, bool dollarTopic)
        {
            _output = output;
            _dollarTopic = dollarTopic;
            _shared = null;
            DirectCount = 0;
        }

        public int DirectCount { get; private set; }

        public void Visit(MqttSubscriptionNode node, ReadOnlySpan<char> topic, bool finished, bool atRoot)
        {
            if (atRoot)
            {
                VisitLevel(node, topic, atRoot: true);
                AppendSharedPicks();
                return;
            }
            if (finished)
            {
                Add(node);
                if (node.MultiLevel is { } parentMatch)
                {
                    // "a/#" also matches "a" (§4.7.1.2).
                    Add(parentMatch);
                }
                return;
            }
            VisitLevel(node, topic, atRoot: false);
        }

        private void VisitLevel(MqttSubscriptionNode node, ReadOnlySpan<char> topic, bool atRoot)
        {
            // Filters starting with a wildcard do not match topics starting with '$' [MQTT-4.7.2-1].
            var wildcardsAllowed = !(atRoot && _dollarTopic);
            if (wildcardsAllowed && node.MultiLevel is { } multi)
            {
                Add(multi);
            }
            var slash = topic.IndexOf('/');
            var level = slash < 0 ? topic : topic[..slash];
            var rest = slash < 0 ? default : topic[(slash + 1)..];
            var finished = slash < 0;
            if (wildcardsAllowed && node.SingleLevel is { } single)
            {
                Visit(single, rest, finished, atRoot: false);
            }
            if (node.Children is { } children &&
                children.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(level, out var child))
            {
                Visit(child, rest, finished, atRoot: false);
            }
        }

        private void Add(MqttSubscriptionNode node)
        {
            if (node.Subscribers is { } subscribers)
            {
                foreach (var (session, qos) in subscribers)
                {
                    _output.Add(new MqttSubscriber(session, qos));
                    DirectCount++;
                }
            }
            if (node.SharedGroups is { } groups)
            {
                _shared ??= [];
                _shared.AddRange(groups.Values);
            }
        }

        private readonly void AppendSharedPicks()
        {
            if (_shared is null)
            {
                return;
            }
            foreach (var group in _shared)
            {
                if (group.Pick() is { } pick)
                {
                    _output.Add(pick);
                }
            }
        }
    }
}
