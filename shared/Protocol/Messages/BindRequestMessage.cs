namespace ShareKey.Protocol.Messages
{
    /// <summary>MQTT up: the T-BOX asks to bind its modem's IMSI to the VIN read from the PEPS module (R4.3).</summary>
    public sealed class BindRequestMessage : Message
    {
        public override MessageType Type
        {
            get { return MessageType.BindRequest; }
        }

        /// <summary>17 characters, syntax-checked by the decoder; the cloud checks the check digit.</summary>
        public string Vin { get; set; }

        /// <summary>6 to 15 decimal digits.</summary>
        public string Imsi { get; set; }

        public override string ToString()
        {
            return "BindRequest#" + MessageId.ToString() + " vin=" + Vin + " imsi=" + Imsi;
        }
    }
}
