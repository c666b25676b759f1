namespace ShareKey.Mqtt.Topics;

/// <summary>
/// Rules for a topic filter, the pattern a SUBSCRIBE names (MQTT 3.1.1 §4.7.1), and matching a filter
/// against a topic name. A <c>$share/{group}/{filter}</c> subscription is validated as a whole here; match its
/// inner filter (see <see cref="MqttSharedSubscription"/>).
/// </summary>
public static class MqttTopicFilter
{
    public static bool IsValid(string filter) => Problem(filter) is null;

    /// <summary>Throws <see cref="MqttProtocolException"/> naming the broken rule.</summary>
    public static void Validate(string filter)
    {
        if (Problem(filter) is { } problem)
        {
            throw new MqttProtocolException(MqttProtocolError.InvalidTopicFilter, problem.Rule, problem.Detail);
        }
    }

    /// <summary>
    /// True if <paramref name="topic"/> is matched by <paramref name="filter"/>. A filter that starts with a
    /// wildcard never matches a topic starting with '$' [MQTT-4.7.2-1]; "a/#" also matches "a" (§4.7.1.2).
    /// </summary>
    public static bool Matches(ReadOnlySpan<char> filter, ReadOnlySpan<char> topic)
    {
        if (topic.Length > 0 && topic[0] == '$' && filter.Length > 0 && filter[0] is '+' or '#')
        {
            return false;
        }
        while (true)
        {
            var filterSlash = filter.IndexOf('/');
            var filterLevel = filterSlash < 0 ? filter : filter[..filterSlash];
            if (filterLevel is "#")
            {
                return true;
            }
            var topicSlash = topic.IndexOf('/');
            var topicLevel = topicSlash < 0 ? topic : topic[..topicSlash];
            if (filterLevel is not "+" && !filterLevel.SequenceEqual(topicLevel))
            {
                return false;
            }
            if (topicSlash < 0)
            {
                return filterSlash < 0 || filter[(filterSlash + 1)..] is "#";
            }
            if (filterSlash < 0)
            {
                return false;
            }
            filter = filter[(filterSlash + 1)..];
            topic = topic[(topicSlash + 1)..];
        }
    }

    internal static (string Rule, string Detail)? Problem(string filter)
    {
        if (filter.StartsWith(MqttSharedSubscription.Prefix, StringComparison.Ordinal))
        {
            return MqttSharedSubscription.Problem(filter);
        }
        return PlainProblem(filter);
    }

    internal static (string Rule, string Detail)? PlainProblem(ReadOnlySpan<char> filter)
    {
        if (filter.Length == 0)
        {
            return ("MQTT-4.7.3-1", "topic filter is empty");
        }
        if (filter.Contains('\0'))
        {
            return ("MQTT-4.7.3-2", "topic filter contains U+0000");
        }
        for (var i = 0; i < filter.Length; i++)
        {
            var atLevelStart = i == 0 || filter[i - 1] == '/';
            var atLevelEnd = i == filter.Length - 1 || filter[i + 1] == '/';
            switch (filter[i])
            {
                case '#' when !atLevelStart || i != filter.Length - 1:
                    return ("MQTT-4.7.1-2", $"'#' must be alone in the last level of '{filter}'");
                case '+' when !atLevelStart || !atLevelEnd:
                    return ("MQTT-4.7.1-3", $"'+' must occupy an entire level of '{filter}'");
            }
        }
        return null;
    }
}
