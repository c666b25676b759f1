namespace ShareKey.Firmware.Uplink
{
    /// <summary>
    /// What a board's MQTT session drives: the cloud side of a board controller (the T-BOX's and the
    /// parking lock's), so one session (firmware/Common/Device/Mqtt) serves both boards. Every method
    /// is thread-safe (the controller's lock).
    /// </summary>
    public interface IMqttEndpoint
    {
        /// <summary>Connected and subscribed to the down topic.</summary>
        void MqttConnected();

        void MqttDisconnected();

        /// <summary>A message on the down topic.</summary>
        void MqttFrameReceived(byte[] payload, int offset, int count);
    }
}
