using ShareKey.Firmware.Events;

namespace ShareKey.Firmware.Uplink
{
    /// <summary>
    /// The Event batch published and not yet receipted by the cloud: its exact frame is what a
    /// resend publishes, with the same message id, so the cloud's de-duplication by (device, id)
    /// drops the copy if the first one did arrive.
    /// </summary>
    internal sealed class EventsInFlight
    {
        public EventsInFlight(EventBatch batch, uint messageId, byte[] frame, uint sentAt)
        {
            Batch = batch;
            MessageId = messageId;
            Frame = frame;
            SentAt = sentAt;
        }

        public EventBatch Batch { get; }

        public uint MessageId { get; }

        public byte[] Frame { get; }

        /// <summary>Uptime seconds of the last publish.</summary>
        public uint SentAt { get; set; }
    }
}
