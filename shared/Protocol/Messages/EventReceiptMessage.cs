namespace ShareKey.Protocol.Messages
{
    /// <summary>
    /// MQTT down: the cloud has stored the Event batch whose message id this frame echoes, all
    /// <see cref="Count"/> records of it. Only now may the device drop the batch from its log; a
    /// broker's PUBACK says nothing about storage. Not acknowledged: a lost receipt means the batch
    /// is sent again, and the cloud answers the copy with another receipt.
    /// </summary>
    public sealed class EventReceiptMessage : Message
    {
        public override MessageType Type
        {
            get { return MessageType.EventReceipt; }
        }

        /// <summary>How many event records the stored batch held (1–16).</summary>
        public int Count { get; set; }

        public override string ToString()
        {
            return "EventReceipt#" + MessageId.ToString() + " count=" + Count.ToString();
        }
    }
}
