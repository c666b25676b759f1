namespace ShareKey.Protocol.Messages
{
    /// <summary>
    /// MQTT down: the cloud asks the device to report its state now rather than at its next
    /// heartbeat (R2.9: a parking lock sends its occupancy and battery as events). No payload; the
    /// device acknowledges it (Applied, or Unsupported on a board with nothing to report) and the
    /// report follows as ordinary Event batches.
    /// </summary>
    public sealed class ReportRequestMessage : Message
    {
        public override MessageType Type
        {
            get { return MessageType.ReportRequest; }
        }

        public override string ToString()
        {
            return "ReportRequest#" + MessageId.ToString();
        }
    }
}
