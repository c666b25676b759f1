namespace ShareKey.Protocol.Messages
{
    /// <summary>MQTT down: lock (or release) a vehicle remotely on its owner's authorisation (R3).</summary>
    public sealed class RemoteLockMessage : Message
    {
        public override MessageType Type
        {
            get { return MessageType.RemoteLock; }
        }

        public RemoteLockAction Action { get; set; }

        public RemoteLockTarget Target { get; set; }

        /// <summary>When the owner authorised it, Unix seconds (for the device's event log).</summary>
        public uint RequestedAt { get; set; }

        public override string ToString()
        {
            return "RemoteLock#" + MessageId.ToString() + " " + Names.Of(Action) + " " + Names.Of(Target)
                + " requested=" + RequestedAt.ToString();
        }
    }
}
