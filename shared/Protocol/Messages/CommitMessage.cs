namespace ShareKey.Protocol.Messages
{
    /// <summary>MQTT down: the cloud saw the device's proof for <see cref="Epoch"/>; drop the backup epoch (R0.3).</summary>
    public sealed class CommitMessage : Message
    {
        public override MessageType Type
        {
            get { return MessageType.Commit; }
        }

        public uint Epoch { get; set; }

        public override string ToString()
        {
            return "Commit#" + MessageId.ToString() + " epoch=" + Epoch.ToString();
        }
    }
}
