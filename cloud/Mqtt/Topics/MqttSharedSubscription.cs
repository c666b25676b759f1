namespace ShareKey.Mqtt.Topics;

/// <summary>
/// A shared subscription <c>$share/{group}/{filter}</c>: each matching message goes to one member of the group.
/// Not part of 3.1.1; the syntax is MQTT 5.0 §4.8.2, which brokers such as Mosquitto and EMQX accept on 3.1.1.
/// </summary>
public sealed class MqttSharedSubscription
{
    public const string Prefix = "$share/";

    private MqttSharedSubscription(string group, string filter)
    {
        Group = group;
        Filter = filter;
    }

    /// <summary>The share name: at least one character, no '/', '+' or '#'.</summary>
    public string Group { get; }

    /// <summary>The ordinary topic filter that selects the messages.</summary>
    public string Filter { get; }

    /// <summary>
    /// Returns false for filters that are not shared subscriptions; throws <see cref="MqttProtocolException"/> for
    /// ones that start with <c>$share/</c> but are malformed.
    /// </summary>
    public static bool TryParse(string filter, out MqttSharedSubscription? shared)
    {
        shared = null;
        if (!filter.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        if (Problem(filter) is { } problem)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidTopicFilter, problem.Rule, problem.Detail);
        }
        var rest = filter.AsSpan(Prefix.Length);
        var slash = rest.IndexOf('/');
        shared = new MqttSharedSubscription(rest[..slash].ToString(), rest[(slash + 1)..].ToString());
        return true;
    }

    internal static (string Rule, string Detail)? Problem(string filter)
    {
        var rest = filter.AsSpan(Prefix.Length);
        var slash = rest.IndexOf('/');
        if (slash < 0)
        {
            return ("MQTT-4.8.2-2", $"shared subscription '{filter}' has no topic filter after the share name");
        }
        var group = rest[..slash];
        if (group.Length == 0 || group.IndexOfAny('+', '#') >= 0)
        {
            return ("MQTT-4.8.2-1", $"share name in '{filter}' must be non-empty and contain no '+' or '#'");
        }
        return MqttTopicFilter.PlainProblem(rest[(slash + 1)..]);
    }

    public override string ToString() => $"{Prefix}{Group}/{Filter}";
}
