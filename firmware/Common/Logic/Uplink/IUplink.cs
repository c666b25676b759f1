namespace ShareKey.Firmware.Uplink
{
    /// <summary>
    /// The board's MQTT client as the device logic sees it: publishes one protocol frame on
    /// <c>sk/{deviceId}/up</c> at QoS 1 (docs/protocol.md §2, docs/architecture.md §5). On the board, M2Mqtt;
    /// in the simulator, the host MQTT client.
    ///
    /// Threading: called with the device logic's lock held, so it must only queue the frame and
    /// return — never wait for the broker. The broker's PUBACK is not reported back: what must not
    /// be lost (Event batches) waits for the cloud's own receipt, and the logic resends what matters.
    /// </summary>
    public interface IUplink
    {
        /// <summary>
        /// Queues <paramref name="frame"/> (a complete frame, link MAC included; the array is not
        /// reused by the caller) for publication. <paramref name="messageId"/> is the frame's own
        /// protocol message id, for the device layer's log. False when there is no connection:
        /// nothing was queued.
        /// </summary>
        bool Publish(uint messageId, byte[] frame);
    }
}
