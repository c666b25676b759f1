namespace ShareKey.Protocol.Messages
{
    /// <summary>MQTT down: the outcome of VIN binding. Any outcome but Rejected clears the device's "bind pending" flag (R4.4).</summary>
    public sealed class BindResultMessage : Message
    {
        public override MessageType Type
        {
            get { return MessageType.BindResult; }
        }

        public BindOutcome Outcome { get; set; }

        /// <summary>Why a binding was rejected (a <see cref="ShareKey.Protocol.Identity.IdentityProblem"/>); 0 otherwise.</summary>
        public byte Reason { get; set; }

        /// <summary>The VIN the answer is about (17 characters).</summary>
        public string Vin { get; set; }

        public override string ToString()
        {
            return "BindResult#" + MessageId.ToString() + " " + Names.Of(Outcome) + " reason=" + Reason.ToString() + " vin=" + Vin;
        }
    }
}
