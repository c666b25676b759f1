using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Client;

/// <summary>SUBSCRIBE and UNSUBSCRIBE exchanges waiting for SUBACK / UNSUBACK, by packet identifier. Requests
/// do not survive a connection (unlike publishes): when it ends they complete with null. Not thread-safe: the
/// client calls it under its session lock.</summary>
internal sealed class PendingRequests
{
    private readonly Dictionary<ushort, (MqttPacketType Expected, TaskCompletionSource<MqttPacketWithIdentifier?> Response)> _byIdentifier = [];

    public Task<MqttPacketWithIdentifier?> Add(ushort identifier, MqttPacketType expected)
    {
        var response = new TaskCompletionSource<MqttPacketWithIdentifier?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _byIdentifier.Add(identifier, (expected, response));
        return response.Task;
    }

    /// <summary>False when no request with this identifier expects this kind of answer.</summary>
    public bool TryComplete(MqttPacketWithIdentifier answer)
    {
        if (!_byIdentifier.TryGetValue(answer.PacketIdentifier, out var request) || request.Expected != answer.Type)
        {
            return false;
        }

        _byIdentifier.Remove(answer.PacketIdentifier);
        request.Response.TrySetResult(answer);
        return true;
    }

    /// <summary>Ends every request unanswered; returns their identifiers so they can be reused.</summary>
    public ushort[] AbandonAll()
    {
        var identifiers = _byIdentifier.Keys.ToArray();
        foreach (var request in _byIdentifier.Values)
        {
            request.Response.TrySetResult(null);
        }

        _byIdentifier.Clear();
        return identifiers;
    }
}
