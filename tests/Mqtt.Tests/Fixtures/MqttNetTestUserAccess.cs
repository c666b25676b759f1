using MQTTnet.Protocol;
using MQTTnet.Server;

namespace ShareKey.Mqtt.Tests.Fixtures;

/// <summary>The <see cref="TestUser"/> accounts and device ACL on an MQTTnet server — what <c>TestUserAccess</c> is
/// for our broker and the mosquitto fixture's ACL file for mosquitto: a device only under <c>sk/{its name}/</c>, the
/// admin everywhere.</summary>
public static class MqttNetTestUserAccess
{
    public static void ApplyTo(MqttServer server)
    {
        server.ValidatingConnectionAsync += e =>
        {
            var user = TestUser.All.FirstOrDefault(u => u.Name == e.UserName);
            if (user is null || user.Password != e.Password)
            {
                e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            }
            return Task.CompletedTask;
        };
        server.InterceptingPublishAsync += e =>
        {
            e.ProcessPublish = Allowed(e.UserName, e.ApplicationMessage.Topic);
            return Task.CompletedTask;
        };
        server.InterceptingSubscriptionAsync += e =>
        {
            if (!Allowed(e.UserName, e.TopicFilter.Topic))
            {
                e.ProcessSubscription = false;
                e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            }
            return Task.CompletedTask;
        };
    }

    private static bool Allowed(string? userName, string topicOrFilter) =>
        userName == TestUser.Admin.Name ||
        (userName is not null && topicOrFilter.StartsWith($"sk/{userName}/", StringComparison.Ordinal));
}
