using System.Text.Json;
using ShareKey.Simulator.Control;

namespace ShareKey.Simulator.Tests.Support;

/// <summary>
/// The JSON of a control channel's <c>status</c> and <c>list</c> replies read into the simulator's own
/// <see cref="DeviceState"/>, so a renamed or retyped member fails to compile rather than at a string.
/// </summary>
public static class ControlState
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>A successful <c>status</c> reply as the device's state.</summary>
    public static DeviceState Of(ControlReply reply) => Parse<DeviceState>(reply);

    /// <summary>A successful <c>list</c> reply as every device's state.</summary>
    public static DeviceState[] All(ControlReply reply) => Parse<DeviceState[]>(reply);

    private static T Parse<T>(ControlReply reply)
    {
        Assert.True(reply.IsOk, reply.Text);
        return JsonSerializer.Deserialize<T>(reply.Text, Web) ?? throw new JsonException($"JSON null where a {typeof(T).Name} was expected");
    }
}
