using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Identity;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.Protocol.Formatter
{
    /// <summary>
    /// Messages to frames: one switch, one method per type (docs/protocol.md §4). Reuses one
    /// writer, so an instance is not thread-safe. BLE messages go out as plain frames; MQTT
    /// messages only with a link MAC.
    /// </summary>
    public sealed class MessageEncoder
    {
        private readonly Macs _macs;
        private readonly ByteWriter _writer = new ByteWriter(256);

        public MessageEncoder(Macs macs)
        {
            _macs = macs;
        }

        /// <summary>Encodes a BLE message (Challenge, Command, Result).</summary>
        public byte[] Encode(Message message)
        {
            if (Frame.IsLinkType((byte)message.Type))
            {
                throw new ProtocolException(ProtocolError.InvalidArgument, Names.Of(message.Type) + " travels over MQTT and needs a link key");
            }

            WriteFrame(message);
            return _writer.ToArray();
        }

        /// <summary>Encodes an MQTT message and appends its link MAC under <paramref name="linkKey"/> (the sender's direction).</summary>
        public byte[] Encode(Message message, byte[] linkKey)
        {
            if (!Frame.IsLinkType((byte)message.Type))
            {
                throw new ProtocolException(ProtocolError.InvalidArgument, Names.Of(message.Type) + " travels over BLE and has no link MAC");
            }

            WriteFrame(message);
            byte[] mac = _macs.LinkMac(linkKey, _writer.Buffer, 0, _writer.Length);
            _writer.WriteBytes(mac);
            return _writer.ToArray();
        }

        private void WriteFrame(Message message)
        {
            _writer.Reset();
            _writer.WriteByte(Frame.Version);
            _writer.WriteByte((byte)message.Type);
            _writer.WriteUInt32(message.MessageId);
            _writer.WriteUInt16(0);
            WritePayload(message);
            int payloadLength = _writer.Length - Frame.HeaderLength;
            if (payloadLength > Frame.MaxPayloadLength)
            {
                throw new ProtocolException(ProtocolError.TooLarge, "F5: " + Names.Of(message.Type) + " payload exceeds " + Frame.MaxPayloadLength.ToString() + " bytes");
            }

            _writer.PatchUInt16(6, (ushort)payloadLength);
        }

        private void WritePayload(Message message)
        {
            switch (message.Type)
            {
                case MessageType.Challenge: WriteChallenge((ChallengeMessage)message); break;
                case MessageType.Command: WriteCommand((CommandMessage)message); break;
                case MessageType.Result: WriteResult((ResultMessage)message); break;
                case MessageType.Rotate: WriteRotate((RotateMessage)message); break;
                case MessageType.Commit: _writer.WriteUInt32(((CommitMessage)message).Epoch); break;
                case MessageType.Bulletin: BulletinCodec.WriteBulletin(_writer, (BulletinMessage)message); break;
                case MessageType.TimeSync: BulletinCodec.WriteTimeSync(_writer, (TimeSyncMessage)message); break;
                case MessageType.RemoteLock: WriteRemoteLock((RemoteLockMessage)message); break;
                case MessageType.BindResult: WriteBindResult((BindResultMessage)message); break;
                case MessageType.EventReceipt: WriteEventReceipt((EventReceiptMessage)message); break;
                case MessageType.ReportRequest: break;
                case MessageType.Ack: WriteAck((AckMessage)message); break;
                case MessageType.KeyReport: WriteKeyReport((KeyReportMessage)message); break;
                case MessageType.Event: WriteEvents(((EventMessage)message).Events, EventMessage.MaxEvents); break;
                case MessageType.BindRequest: WriteBindRequest((BindRequestMessage)message); break;
                case MessageType.VehicleReport: WriteVehicleReport((VehicleReportMessage)message); break;
                default:
                    throw new ProtocolException(ProtocolError.UnknownMessageType, "F2: no encoding for type " + Names.Of(message.Type));
            }
        }

        private void WriteEventReceipt(EventReceiptMessage m)
        {
            FieldRules.Require(m.Count >= 1 && m.Count <= EventMessage.MaxEvents, "M20: event receipt count is outside 1..16");
            _writer.WriteByte((byte)m.Count);
        }

        private void WriteChallenge(ChallengeMessage m)
        {
            FieldRules.RequireLength(m.Nonce, CommandLayout.NonceLength, "challenge nonce");
            _writer.WriteUInt64(m.DeviceId);
            _writer.WriteBytes(m.Nonce);
            _writer.WriteUInt32(m.DeviceTime);
            _writer.WriteUInt32(m.ActiveEpoch);
            _writer.WriteUInt32(m.BackupEpoch);
            _writer.WriteUInt32(m.BulletinSequence);
        }

        private void WriteCommand(CommandMessage m)
        {
            FieldRules.RequireLength(m.Nonce, CommandLayout.NonceLength, "command nonce");
            FieldRules.RequireLength(m.Mac, Macs.MacLength, "command MAC");
            TokenCodec.Write(_writer, m.Token);
            _writer.WriteByte((byte)m.Command);
            _writer.WriteBytes(m.Nonce);
            byte attachments = 0;
            if (m.Bulletin != null)
            {
                attachments |= CommandLayout.HasBulletin;
            }

            if (m.Time != null)
            {
                attachments |= CommandLayout.HasTime;
            }

            _writer.WriteByte(attachments);
            if (m.Bulletin != null)
            {
                BulletinCodec.WriteBulletin(_writer, m.Bulletin);
            }

            if (m.Time != null)
            {
                BulletinCodec.WriteTimeSync(_writer, m.Time);
            }

            _writer.WriteBytes(m.Mac);
        }

        private void WriteResult(ResultMessage m)
        {
            FieldRules.RequireLength(m.Mac, Macs.MacLength, "result MAC");
            _writer.WriteByte((byte)m.Status);
            _writer.WriteByte((byte)m.Command);
            _writer.WriteUInt16(m.RemainingUses);
            _writer.WriteUInt32(m.DeviceTime);
            _writer.WriteBytes(m.Mac);
        }

        private void WriteRotate(RotateMessage m)
        {
            FieldRules.RequireCount(m.RevokedKeyIds.Length, RotateMessage.MaxRevokedKeys, "rotate revocations");
            FieldRules.RequireLength(m.WrappedKey.Iv, WrappedKey.IvLength, "wrap IV");
            FieldRules.RequireLength(m.WrappedKey.Ciphertext, WrappedKey.CiphertextLength, "wrap ciphertext");
            FieldRules.RequireLength(m.WrappedKey.Tag, Macs.MacLength, "wrap tag");
            _writer.WriteUInt32(m.Epoch);
            _writer.WriteBytes(m.WrappedKey.Iv);
            _writer.WriteBytes(m.WrappedKey.Ciphertext);
            _writer.WriteBytes(m.WrappedKey.Tag);
            _writer.WriteByte((byte)m.RevokedKeyIds.Length);
            for (int i = 0; i < m.RevokedKeyIds.Length; i++)
            {
                _writer.WriteUInt64(m.RevokedKeyIds[i]);
            }
        }

        private void WriteRemoteLock(RemoteLockMessage m)
        {
            _writer.WriteByte((byte)m.Action);
            _writer.WriteByte((byte)m.Target);
            _writer.WriteUInt32(m.RequestedAt);
        }

        private void WriteBindResult(BindResultMessage m)
        {
            _writer.WriteByte((byte)m.Outcome);
            _writer.WriteByte(m.Reason);
            WriteVin(m.Vin);
        }

        private void WriteAck(AckMessage m)
        {
            FieldRules.RequireLength(m.Proof, Macs.MacLength, "ack proof");
            _writer.WriteUInt32(m.AckedMessageId);
            _writer.WriteByte((byte)m.Status);
            _writer.WriteUInt32(m.Epoch);
            _writer.WriteBytes(m.Proof);
        }

        private void WriteKeyReport(KeyReportMessage m)
        {
            FieldRules.RequireCount(m.Uses.Length, KeyReportMessage.MaxKeyUses, "key report uses");
            _writer.WriteUInt32(m.ActiveEpoch);
            _writer.WriteUInt32(m.BackupEpoch);
            _writer.WriteUInt32(m.BulletinSequence);
            _writer.WriteUInt32(m.DeviceTime);
            _writer.WriteByte((byte)m.Uses.Length);
            for (int i = 0; i < m.Uses.Length; i++)
            {
                _writer.WriteUInt64(m.Uses[i].KeyId);
                _writer.WriteUInt16(m.Uses[i].Uses);
            }

            WriteEvents(m.RecentEvents, KeyReportMessage.MaxEvents);
        }

        private void WriteEvents(EventRecord[] events, int max)
        {
            FieldRules.RequireCount(events.Length, max, "events");
            _writer.WriteByte((byte)events.Length);
            for (int i = 0; i < events.Length; i++)
            {
                EventRecord e = events[i];
                _writer.WriteByte((byte)e.Kind);
                _writer.WriteUInt32(e.Time);
                _writer.WriteUInt64(e.KeyId);
                _writer.WriteByte(e.Detail);
                _writer.WriteInt16(e.Value);
            }
        }

        private void WriteVehicleReport(VehicleReportMessage m)
        {
            FieldRules.Require(m.StateOfCharge <= 100 || m.StateOfCharge == VehicleReportMessage.Unknown, "V1: state of charge is not 0..100 or ff");
            FieldRules.Require((byte)m.Cable <= (byte)ChargingCable.Charging || m.Cable == ChargingCable.Unknown, "V2: charging cable is not 0..2 or ff");
            FieldRules.Require(m.Ignition <= 1 || m.Ignition == VehicleReportMessage.Unknown, "V3: ignition is not 0, 1 or ff");
            FieldRules.Require((byte)m.RemoteLock <= (byte)RemoteLockState.Engaged, "V4: remote lock state is not 0..2");
            FieldRules.Require((m.Outputs & ~(VehicleReportMessage.ImmobiliserFlag | VehicleReportMessage.InletLockFlag)) == 0, "V5: outputs has a bit other than immobiliser (1) and inlet lock (2)");
            _writer.WriteUInt32(m.DeviceTime);
            _writer.WriteByte(m.StateOfCharge);
            _writer.WriteByte((byte)m.Cable);
            _writer.WriteUInt16(m.SpeedKmh);
            _writer.WriteByte(m.Ignition);
            _writer.WriteByte((byte)m.RemoteLock);
            _writer.WriteByte(m.Outputs);
            _writer.WriteUInt32(m.LockMessageId);
        }

        private void WriteBindRequest(BindRequestMessage m)
        {
            WriteVin(m.Vin);
            if (Imsi.Check(m.Imsi) != IdentityProblem.None)
            {
                throw new ProtocolException(ProtocolError.InvalidArgument, "IMSI must be 6 to 15 decimal digits");
            }

            _writer.WriteByte((byte)m.Imsi.Length);
            WriteAscii(m.Imsi);
        }

        private void WriteVin(string vin)
        {
            if (!Vin.IsWellFormed(vin))
            {
                throw new ProtocolException(ProtocolError.InvalidArgument, "VIN must be 17 characters of 0-9 and A-Z without I, O, Q");
            }

            WriteAscii(vin);
        }

        private void WriteAscii(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                _writer.WriteByte((byte)text[i]);
            }
        }
    }
}
