namespace ShareKey.TestKit;

/// <summary>Tells apart unobserved task exceptions thrown inside MQTTnet, the broker we did not write.</summary>
/// <remarks>
/// MQTTnet's server leaves the task of a connection's send loop unobserved when the peer resets the socket
/// (MqttConnectedClient.SendPacketsLoop, "Connection reset by peer"); the finalizer then raises it during
/// whichever test happens to collect garbage next. That is a fault of the interop peer, not of our code, so the
/// unobserved-exception checks skip exceptions whose every frame is MQTTnet's or the runtime's.
/// </remarks>
public static class PeerFaults
{
    public static bool IsMqttNetOwn(Exception exception)
    {
        var faults = exception is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [exception];
        return faults.Count > 0 && faults.All(ThrownInsideMqttNet);
    }

    private static bool ThrownInsideMqttNet(Exception exception)
    {
        var trace = exception.ToString();
        return trace.Contains("at MQTTnet.", StringComparison.Ordinal) && !trace.Contains("at ShareKey.", StringComparison.Ordinal);
    }
}
