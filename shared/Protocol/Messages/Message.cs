namespace ShareKey.Protocol.Messages
{
    /// <summary>Base of every protocol message: the frame header's type and message id.</summary>
    public abstract class Message
    {
        /// <summary>
        /// Chosen by the sender, echoed by the answer (a Result echoes its Command, an Ack names it).
        /// A resent MQTT message keeps its id so the device can answer a duplicate idempotently.
        /// </summary>
        public uint MessageId { get; set; }

        public abstract MessageType Type { get; }
    }
}
