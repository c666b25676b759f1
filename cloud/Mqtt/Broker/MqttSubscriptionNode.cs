using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Broker;

/// <summary>One topic level in the subscription tree: literal children, the '+' and '#' branches, and the
/// subscriptions whose filter ends here.</summary>
internal sealed class MqttSubscriptionNode
{
    public MqttSubscriptionNode(MqttSubscriptionNode? parent, string level)
    {
        Parent = parent;
        Level = level;
    }

    public MqttSubscriptionNode? Parent { get; }
    public string Level { get; }
    public Dictionary<string, MqttSubscriptionNode>? Children { get; set; }
    public MqttSubscriptionNode? SingleLevel { get; set; }
    public MqttSubscriptionNode? MultiLevel { get; set; }
    public Dictionary<MqttSession, MqttQualityOfService>? Subscribers { get; set; }
    public Dictionary<string, MqttSharedGroup>? SharedGroups { get; set; }

    public bool IsEmpty =>
        Children is not { Count: > 0 } && SingleLevel is null && MultiLevel is null &&
        Subscribers is not { Count: > 0 } && SharedGroups is not { Count: > 0 };

    public MqttSubscriptionNode GetOrAddChild(string level)
    {
        switch (level)
        {
            case "+":
                return SingleLevel ??= new MqttSubscriptionNode(this, level);
            case "#":
                return MultiLevel ??= new MqttSubscriptionNode(this, level);
        }
        Children ??= new Dictionary<string, MqttSubscriptionNode>(StringComparer.Ordinal);
        if (!Children.TryGetValue(level, out var child))
        {
            child = new MqttSubscriptionNode(this, level);
            Children.Add(level, child);
        }
        return child;
    }

    public MqttSubscriptionNode? FindChild(string level) => level switch
    {
        "+" => SingleLevel,
        "#" => MultiLevel,
        _ => Children?.GetValueOrDefault(level),
    };

    public void RemoveChild(MqttSubscriptionNode child)
    {
        if (child == SingleLevel)
        {
            SingleLevel = null;
        }
        else if (child == MultiLevel)
        {
            MultiLevel = null;
        }
        else
        {
            Children?.Remove(child.Level);
        }
    }
}
