using ShareKey.Mqtt.Packets;

namespace ShareKey.Mqtt.Client;

/// <summary>The broker answered CONNECT with a non-zero return code (§3.2.2.3). Retrying with the same
/// options only helps for <see cref="MqttConnectReturnCode.ServerUnavailable"/>.</summary>
public sealed class MqttConnectRefusedException(MqttConnectReturnCode returnCode)
    : Exception($"The broker refused the connection: {returnCode} (CONNACK return code {(byte)returnCode}).")
{
    public MqttConnectReturnCode ReturnCode { get; } = returnCode;

    public bool IsWorthRetrying => ReturnCode == MqttConnectReturnCode.ServerUnavailable;
}
