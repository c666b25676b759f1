using ShareKey.Firmware.Storage;
using ShareKey.Protocol;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Identity;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.TBox.Vehicle
{
    /// <summary>
    /// What the T-BOX keeps about the car beyond its keys, in its own power-safe record: the VIN
    /// binding (R4: the "bind pending" flag, the IMSI it was set for, the last rejection) and the
    /// remote lock (R3: armed or engaged, by which RemoteLock, and the newest order carried out — a
    /// car locked remotely stays locked, and an armed lock stays armed, after a reboot or power cut).
    /// Small (≤ <see cref="MaxSavedLength"/> bytes) and rarely written: on a modem change, a bind
    /// result, a remote lock.
    /// </summary>
    public sealed class VehicleRecord
    {
        /// <summary>
        /// format (1) ‖ pending (1) ‖ IMSI length (1) ‖ IMSI ‖ rejection reason (1) ‖ rejected VIN length (1) ‖ VIN ‖
        /// lock state (1) ‖ lock message id (4) ‖ newest requested-at (4).
        /// </summary>
        public const int MaxSavedLength = 3 + ShareKey.Protocol.Identity.Imsi.MaxLength + 2 + Vin.Length + 9;

        private const byte FormatVersion = 2;

        /// <summary>Format 1 (before R3's safety gate) ended with one byte: the immobiliser held. Read once, written as format 2.</summary>
        private const byte HeldOnlyFormat = 1;

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

        /// <summary>R3: released, armed (waiting until it is safe) or engaged (immobiliser and charge inlet held until a remote release).</summary>
        public RemoteLockState LockState { get; set; }

        /// <summary>The RemoteLock that set <see cref="LockState"/>; 0 when none has.</summary>
        public uint LockMessageId { get; set; }

        /// <summary>The requested-at of the newest immobiliser RemoteLock carried out: an older one arriving later is refused.</summary>
        public uint NewestRequestedAt { get; set; }

        /// <summary>R3: the immobiliser is held engaged by a remote lock until a remote release.</summary>
        public bool ImmobiliserHeld
        {
            get { return LockState == RemoteLockState.Engaged; }
        }

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
                byte format = reader.ReadByte("vehicle record format");
                if (format != FormatVersion && format != HeldOnlyFormat)
                {
                    return;
                }

                bool pending = reader.ReadByte("bind pending") != 0;
                string imsi = ReadText(reader, "IMSI");
                byte reason = reader.ReadByte("rejection reason");
                string rejectedVin = ReadText(reader, "rejected VIN");
                RemoteLockState state = RemoteLockState.Released;
                uint lockId = 0;
                uint newest = 0;
                if (format == HeldOnlyFormat)
                {
                    state = reader.ReadByte("immobiliser held") != 0 ? RemoteLockState.Engaged : RemoteLockState.Released;
                }
                else
                {
                    byte lockState = reader.ReadByte("lock state");
                    if (lockState > (byte)RemoteLockState.Engaged)
                    {
                        return;
                    }

                    state = (RemoteLockState)lockState;
                    lockId = reader.ReadUInt32("lock message id");
                    newest = reader.ReadUInt32("newest requested-at");
                }

                reader.ExpectEnd("vehicle record");
                BindPending = pending;
                Imsi = imsi;
                RejectedReason = reason;
                RejectedVin = rejectedVin;
                LockState = state;
                LockMessageId = lockId;
                NewestRequestedAt = newest;
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
            _writer.WriteByte((byte)LockState);
            _writer.WriteUInt32(LockMessageId);
            _writer.WriteUInt32(NewestRequestedAt);
            _record.Write(_writer.Buffer, 0, _writer.Length);
        }

        private void Clear()
        {
            BindPending = false;
            Imsi = null;
            RejectedReason = 0;
            RejectedVin = null;
            LockState = RemoteLockState.Released;
            LockMessageId = 0;
            NewestRequestedAt = 0;
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
