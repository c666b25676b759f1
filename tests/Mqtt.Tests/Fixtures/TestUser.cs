namespace ShareKey.Mqtt.Tests.Fixtures;

/// <summary>An MQTT account the test brokers know about.</summary>
public sealed record TestUser(string Name, string Password)
{
    /// <summary>May use every topic.</summary>
    public static readonly TestUser Admin = new("admin", "admin-secret");

    /// <summary>A device: may only use <c>sk/device-1/#</c>.</summary>
    public static readonly TestUser Device1 = new("device-1", "device-1-secret");

    /// <summary>Another device: may only use <c>sk/device-2/#</c>.</summary>
    public static readonly TestUser Device2 = new("device-2", "device-2-secret");

    public static readonly IReadOnlyList<TestUser> All = [Admin, Device1, Device2];

    /// <summary>The topic prefix this user's ACL allows (the admin may use any topic).</summary>
    public string OwnPrefix => $"sk/{Name}/";
}
