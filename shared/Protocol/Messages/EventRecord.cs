using ShareKey.Protocol.Buffers;

namespace ShareKey.Protocol.Messages
{
    /// <summary>One entry of a device's event log: 16 bytes on the wire and in the board's ring buffer.</summary>
    public sealed class EventRecord
    {
        public const int Size = 16;

        public EventRecord(EventKind kind, uint time, ulong keyId, byte detail, short value)
        {
            Kind = kind;
            Time = time;
            KeyId = keyId;
            Detail = detail;
            Value = value;
        }

        public EventKind Kind { get; }

        /// <summary>Device clock at the event, Unix seconds.</summary>
        public uint Time { get; }

        /// <summary>The key involved; 0 when none.</summary>
        public ulong KeyId { get; }

        /// <summary>Kind-specific: the refusal reason, the command, or the remote-lock target.</summary>
        public byte Detail { get; }

        /// <summary>Kind-specific: occupancy (0/1), state of charge (%), remote-lock action.</summary>
        public short Value { get; }

        public override string ToString()
        {
            return Names.Of(Kind) + "@" + Time.ToString() + " key=" + Hex.OfId(KeyId) + " detail=" + Detail.ToString()
                + " value=" + Value.ToString();
        }
    }
}
