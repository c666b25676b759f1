using ShareKey.Mqtt.Topics;

namespace ShareKey.Mqtt.Tests.Codec;

/// <summary>Topic names and filters, MQTT 3.1.1 §4.7.1 and §4.7.3, and shared-subscription syntax.</summary>
public sealed class TopicRulesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("/")]
    [InlineData("a//b")]
    [InlineData("$SYS/x")]
    [InlineData("sk/123/up")]
    [InlineData(" ")]
    public void Valid_topic_names(string topic) => Assert.True(MqttTopicName.IsValid(topic));

    [Theory]
    [InlineData("")]
    [InlineData("+")]
    [InlineData("a/#")]
    [InlineData("a+")]
    [InlineData("a\0b")]
    public void Invalid_topic_names(string topic) => Assert.False(MqttTopicName.IsValid(topic));

    [Theory]
    [InlineData("#")]
    [InlineData("+")]
    [InlineData("+/+")]
    [InlineData("/+")]
    [InlineData("a/+/b")]
    [InlineData("a/#")]
    [InlineData("+/#")]
    [InlineData("sport/tennis/#")]
    [InlineData("$share/g/a/#")]
    [InlineData("$share/g/+")]
    [InlineData("$share")]
    [InlineData("$shared/x")]
    public void Valid_topic_filters(string filter) => Assert.True(MqttTopicFilter.IsValid(filter));

    [Theory]
    [InlineData("")]
    [InlineData("a#")]
    [InlineData("#/a")]
    [InlineData("a/#/b")]
    [InlineData("a+")]
    [InlineData("+a")]
    [InlineData("a/b+/c")]
    [InlineData("a\0")]
    [InlineData("$share/g")]
    [InlineData("$share//a")]
    [InlineData("$share/g+/a")]
    [InlineData("$share/#/a")]
    [InlineData("$share/g/")]
    [InlineData("$share/g/a#")]
    public void Invalid_topic_filters(string filter) => Assert.False(MqttTopicFilter.IsValid(filter));

    [Theory]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/ranking", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true)]
    [InlineData("sport/#", "sport", true)]
    [InlineData("#", "a/b/c", true)]
    [InlineData("#", "/", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1/tracking", false)]
    [InlineData("sport/+", "sport", false)]
    [InlineData("sport/+", "sport/", true)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("/+", "/finance", true)]
    [InlineData("+", "/finance", false)]
    [InlineData("a/b", "a/b", true)]
    [InlineData("a/b", "a/bc", false)]
    [InlineData("a/b", "a", false)]
    [InlineData("a", "a/b", false)]
    [InlineData("A", "a", false)]
    [InlineData("#", "$SYS/x", false)]
    [InlineData("+/monitor/Clients", "$SYS/monitor/Clients", false)]
    [InlineData("$SYS/#", "$SYS/monitor/Clients", true)]
    [InlineData("$SYS/monitor/+", "$SYS/monitor/Clients", true)]
    [InlineData("sk/+/up", "sk/dev1/up", true)]
    public void Matching_follows_the_spec_examples(string filter, string topic, bool matches) =>
        Assert.Equal(matches, MqttTopicFilter.Matches(filter, topic));

    [Fact]
    public void Shared_subscriptions_parse_into_group_and_filter()
    {
        Assert.True(MqttSharedSubscription.TryParse("$share/workers/sk/+/up", out var shared));
        Assert.Equal("workers", shared!.Group);
        Assert.Equal("sk/+/up", shared.Filter);
        Assert.Equal("$share/workers/sk/+/up", shared.ToString());
    }

    [Fact]
    public void Plain_filters_are_not_shared() =>
        Assert.False(MqttSharedSubscription.TryParse("sk/+/up", out _));

    [Fact]
    public void Malformed_shared_subscriptions_throw() =>
        Assert.Equal(MqttProtocolError.InvalidTopicFilter,
            Assert.Throws<MqttProtocolException>(() => MqttSharedSubscription.TryParse("$share/g", out _)).Reason);
}
