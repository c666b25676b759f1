using ShareKey.Firmware.Storage;
using ShareKey.Protocol;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Identity;

namespace ShareKey.Firmware.TBox.Vehicle
{
    /// <summary>
    /// What the T-BOX keeps about the car beyond its keys, in its own power-safe record: the VIN
    /// binding (R4: the "bind pending" flag, the IMSI it was set for, the last rejection) and the
    /// remote immobiliser hold (R3: a car locked remotely stays immobilised after a reboot). Small
    /// (≤ <see cref="MaxSavedLength"/> bytes) and rarely written: on a modem change, a bind result,
    /// a remote lock.
    /// </summary>
    public sealed class VehicleRecord
    {
        /// <summary>format (1) ‖ pending (1) ‖ IMSI length (1) ‖ IMSI ‖ rejection reason (1) ‖ rejected VIN length (1) ‖ VIN ‖ immobiliser held (1).</summary>
        public const int MaxSavedLength = 3 + ShareKey.Protocol.Identity.Imsi.MaxLength + 2 + Vin.Length + 1;

        private const byte FormatVersion = 1;

        private readonly DurableRecord _record;
        private readonly ByteWriter _writer = new ByteWriter(MaxSavedLength);

        public VehicleRecord(DurableRecord record)
        {
            _record = record;
            Clear();
        }

        /// <summary>R4.1: set on the first boot with a new IMSI, cleared by any bind outcome but rejected.</summary>
        public bool BindPending { get; set; }

        /// <summary>The modem's IMSI when the flag was last set; null on a fresh board.</summary>
        public string Imsi { get; set; }

        /// <summary>The cloud's reason (an <see cref="IdentityProblem"/>) for the last rejected binding; 0 when none.</summary>
        public byte RejectedReason { get; set; }

        /// <summary>The VIN of the last rejected binding; null when none.</summary>
        public string RejectedVin { get; set; }

        /// <summary>R3: the immobiliser is held engaged by a remote lock until a remote release.</summary>
        public bool ImmobiliserHeld { get; set; }

        /// <summary>Loads the saved record; a fresh or unreadable one leaves everything cleared (no IMSI: binding starts).</summary>
        public void Open()
        {
            Clear();
            byte[] saved = _record.Open();
            if (saved == null)
            {
                return;
            }

            try
            {
                ByteReader reader = new ByteReader(saved, 0, saved.Length);
                if (reader.ReadByte("vehicle record format") != FormatVersion)
                {
                    return;
                }

                bool pending = reader.ReadByte("bind pending") != 0;
                string imsi = ReadText(reader, "IMSI");
                byte reason = reader.ReadByte("rejection reason");
                string rejectedVin = ReadText(reader, "rejected VIN");
                bool held = reader.ReadByte("immobiliser held") != 0;
                reader.ExpectEnd("vehicle record");
                BindPending = pending;
                Imsi = imsi;
                RejectedReason = reason;
                RejectedVin = rejectedVin;
                ImmobiliserHeld = held;
            }
            catch (ProtocolException)
            {
                Clear();
            }
        }

        /// <summary>Writes the record; when it returns the change survives a power cut (throws if flash fails).</summary>
        public void Save()
        {
            _writer.Reset();
            _writer.WriteByte(FormatVersion);
            _writer.WriteByte(BindPending ? (byte)1 : (byte)0);
            WriteText(Imsi);
            _writer.WriteByte(RejectedReason);
            WriteText(RejectedVin);
            _writer.WriteByte(ImmobiliserHeld ? (byte)1 : (byte)0);
            _record.Write(_writer.Buffer, 0, _writer.Length);
        }

        private void Clear()
        {
            BindPending = false;
            Imsi = null;
            RejectedReason = 0;
            RejectedVin = null;
            ImmobiliserHeld = false;
        }

        private void WriteText(string text)
        {
            int length = text == null ? 0 : text.Length;
            _writer.WriteByte((byte)length);
            for (int i = 0; i < length; i++)
            {
                _writer.WriteByte((byte)text[i]);
            }
        }

        /// <summary>A length-prefixed ASCII string; null for length 0.</summary>
        private static string ReadText(ByteReader reader, string field)
        {
            int length = reader.ReadByte(field);
            if (length == 0)
            {
                return null;
            }

            byte[] bytes = reader.ReadBytes(length, field);
            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = (char)bytes[i];
            }

            return new string(chars);
        }
    }
}
