namespace ShareKey.Protocol.Messages
{
    /// <summary>MQTT up: a batch of events drained from the device's ring buffer, oldest first.</summary>
    public sealed class EventMessage : Message
    {
        public const int MaxEvents = 16;

        public override MessageType Type
        {
            get { return MessageType.Event; }
        }

        public EventRecord[] Events { get; set; }

        public override string ToString()
        {
            string events = string.Empty;
            for (int i = 0; i < Events.Length; i++)
            {
                events += (i == 0 ? string.Empty : "; ") + Events[i].ToString();
            }

            return "Event#" + MessageId.ToString() + " [" + events + "]";
        }
    }
}
