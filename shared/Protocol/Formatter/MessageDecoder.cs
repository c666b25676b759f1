using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Identity;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Verification;

namespace ShareKey.Protocol.Formatter
{
    /// <summary>
    /// Frames to messages, strictly: one switch, one method per type (docs/protocol.md §2, §4).
    /// Attacker-facing — every length and range is checked, and the only exception that leaves is
    /// <see cref="ProtocolException"/>. MQTT frames are authenticated before their payload is read.
    /// </summary>
    public sealed class MessageDecoder
    {
        private const byte AnyDirection = 0;

        private readonly Macs _macs;

        public MessageDecoder(Macs macs)
        {
            _macs = macs;
        }

        /// <summary>Decodes a BLE frame (Challenge, Command, Result).</summary>
        public Message Decode(byte[] buffer, int offset, int count)
        {
            ByteReader payload = OpenFrame(buffer, offset, count, false);
            if (count > Frame.MaxBleFrameLength)
            {
                throw new ProtocolException(ProtocolError.TooLarge, "F6: BLE frame of " + count.ToString() + " bytes exceeds 512");
            }

            return ReadMessage(buffer, offset, payload);
        }

        /// <summary>Decodes an MQTT frame after checking its link MAC under <paramref name="linkKey"/> (the sender's
        /// direction), whichever direction its type travels. A receiver uses <see cref="DecodeUp"/> or
        /// <see cref="DecodeDown"/>, which also refuse the other direction's types.</summary>
        public Message Decode(byte[] buffer, int offset, int count, byte[] linkKey)
        {
            return DecodeLinked(buffer, offset, count, linkKey, AnyDirection);
        }

        /// <summary>Decodes a frame from <c>sk/{id}/up</c> (device to cloud): [F2] a down type is refused, even under a
        /// valid MAC — only the cloud sends Rotate, Commit and the rest.</summary>
        public Message DecodeUp(byte[] buffer, int offset, int count, byte[] linkUpKey)
        {
            return DecodeLinked(buffer, offset, count, linkUpKey, Frame.UpTypes);
        }

        /// <summary>Decodes a frame from <c>sk/{id}/down</c> (cloud to device): [F2] an up type is refused.</summary>
        public Message DecodeDown(byte[] buffer, int offset, int count, byte[] linkDownKey)
        {
            return DecodeLinked(buffer, offset, count, linkDownKey, Frame.DownTypes);
        }

        /// <summary><paramref name="direction"/>: the high nibble the type must have, or <see cref="AnyDirection"/>.</summary>
        private Message DecodeLinked(byte[] buffer, int offset, int count, byte[] linkKey, byte direction)
        {
            ByteReader payload = OpenFrame(buffer, offset, count, true);
            byte type = buffer[offset + 1];
            if (direction != AnyDirection && (type & 0xF0) != direction)
            {
                throw new ProtocolException(
                    ProtocolError.UnknownMessageType,
                    "F2: " + Names.Of((MessageType)type) + (direction == Frame.UpTypes ? " is a down message, not an up one" : " is an up message, not a down one"));
            }

            int signedLength = count - Frame.LinkMacLength;
            byte[] expected = _macs.LinkMac(linkKey, buffer, offset, signedLength);
            if (!ConstantTime.Equals(expected, 0, buffer, offset + signedLength, Frame.LinkMacLength))
            {
                throw new ProtocolException(ProtocolError.BadMac, "L1: link MAC does not verify; frame dropped unread");
            }

            return ReadMessage(buffer, offset, payload);
        }

        /// <summary>Checks the header against the bytes supplied and returns a reader over exactly the payload.</summary>
        private static ByteReader OpenFrame(byte[] buffer, int offset, int count, bool linked)
        {
            ByteReader header = new ByteReader(buffer, offset, count);
            byte version = header.ReadByte("frame version");
            if (version != Frame.Version)
            {
                throw new ProtocolException(ProtocolError.UnsupportedVersion, "F1: frame version " + version.ToString() + " is not 1");
            }

            byte type = header.ReadByte("frame type");
            if (!IsKnownType(type))
            {
                throw new ProtocolException(ProtocolError.UnknownMessageType, "F2: unknown message type " + type.ToString());
            }

            if (Frame.IsLinkType(type) != linked)
            {
                throw new ProtocolException(
                    ProtocolError.UnknownMessageType,
                    "F2: " + Names.Of((MessageType)type) + (linked ? " is a BLE message, not an MQTT one" : " is an MQTT message, not a BLE one"));
            }

            header.Skip(4, "frame message id");
            int length = header.ReadUInt16("frame length");
            if (length > Frame.MaxPayloadLength)
            {
                throw new ProtocolException(ProtocolError.TooLarge, "F5: payload length " + length.ToString() + " exceeds " + Frame.MaxPayloadLength.ToString());
            }

            int expected = Frame.HeaderLength + length + (linked ? Frame.LinkMacLength : 0);
            if (count < expected)
            {
                throw new ProtocolException(ProtocolError.Truncated, "F3: frame declares " + expected.ToString() + " bytes, " + count.ToString() + " supplied");
            }

            if (count > expected)
            {
                throw new ProtocolException(ProtocolError.TrailingBytes, "F4: " + (count - expected).ToString() + " byte(s) after the frame");
            }

            return new ByteReader(buffer, offset + Frame.HeaderLength, length);
        }

        /// <summary>Each type by name, never a range: a value this version has no reader for is refused here, not read as its neighbour.</summary>
        private static bool IsKnownType(byte type)
        {
            switch ((MessageType)type)
            {
                case MessageType.Challenge:
                case MessageType.Command:
                case MessageType.Result:
                case MessageType.Rotate:
                case MessageType.Commit:
                case MessageType.Bulletin:
                case MessageType.TimeSync:
                case MessageType.RemoteLock:
                case MessageType.BindResult:
                case MessageType.EventReceipt:
                case MessageType.ReportRequest:
                case MessageType.Ack:
                case MessageType.KeyReport:
                case MessageType.Event:
                case MessageType.BindRequest:
                case MessageType.VehicleReport:
                    return true;
                default:
                    return false;
            }
        }

        private static Message ReadMessage(byte[] buffer, int offset, ByteReader r)
        {
            MessageType type = (MessageType)buffer[offset + 1];
            Message message;
            switch (type)
            {
                case MessageType.Challenge: message = ReadChallenge(r); break;
                case MessageType.Command: message = ReadCommand(r); break;
                case MessageType.Result: message = ReadResult(r); break;
                case MessageType.Rotate: message = ReadRotate(r); break;
                case MessageType.Commit: message = ReadCommit(r); break;
                case MessageType.Bulletin: message = BulletinCodec.ReadBulletin(r); break;
                case MessageType.TimeSync: message = BulletinCodec.ReadTimeSync(r); break;
                case MessageType.RemoteLock: message = ReadRemoteLock(r); break;
                case MessageType.BindResult: message = ReadBindResult(r); break;
                case MessageType.EventReceipt: message = ReadEventReceipt(r); break;
                case MessageType.ReportRequest: message = new ReportRequestMessage(); break;
                case MessageType.Ack: message = ReadAck(r); break;
                case MessageType.KeyReport: message = ReadKeyReport(r); break;
                case MessageType.Event: message = ReadEvent(r); break;
                case MessageType.BindRequest: message = ReadBindRequest(r); break;
                case MessageType.VehicleReport: message = ReadVehicleReport(r); break;
                default: throw new ProtocolException(ProtocolError.UnknownMessageType, "F2: no decoding for type " + Names.Of(type));
            }

            r.ExpectEnd(Names.Of(type));
            message.MessageId = ((uint)buffer[offset + 2] << 24) | ((uint)buffer[offset + 3] << 16)
                | ((uint)buffer[offset + 4] << 8) | buffer[offset + 5];
            return message;
        }

        private static ChallengeMessage ReadChallenge(ByteReader r)
        {
            ChallengeMessage m = new ChallengeMessage();
            m.DeviceId = r.ReadUInt64("challenge device id");
            m.Nonce = r.ReadBytes(CommandLayout.NonceLength, "challenge nonce");
            m.DeviceTime = r.ReadUInt32("challenge device time");
            m.ActiveEpoch = r.ReadUInt32("challenge active epoch");
            m.BackupEpoch = r.ReadUInt32("challenge backup epoch");
            m.BulletinSequence = r.ReadUInt32("challenge bulletin sequence");
            FieldRules.Require(m.ActiveEpoch != 0, "M1: challenge active epoch is 0");
            return m;
        }

        private static CommandMessage ReadCommand(ByteReader r)
        {
            CommandMessage m = new CommandMessage();
            m.Token = TokenCodec.Read(r);
            m.Command = ReadCommandCode(r, "command code");
            m.Nonce = r.ReadBytes(CommandLayout.NonceLength, "command nonce");
            byte attachments = r.ReadByte("command attachments");
            FieldRules.Require(
                (attachments & ~(CommandLayout.HasBulletin | CommandLayout.HasTime)) == 0,
                "M3: command attachment byte has unknown bits");
            if ((attachments & CommandLayout.HasBulletin) != 0)
            {
                m.Bulletin = BulletinCodec.ReadBulletin(r);
            }

            if ((attachments & CommandLayout.HasTime) != 0)
            {
                m.Time = BulletinCodec.ReadTimeSync(r);
            }

            m.Mac = r.ReadBytes(Macs.MacLength, "command MAC");
            return m;
        }

        private static ResultMessage ReadResult(ByteReader r)
        {
            ResultMessage m = new ResultMessage();
            byte status = r.ReadByte("result status");
            FieldRules.Require(status <= (byte)RefusalReason.SpaceOccupied, "M4: result status is not a known reason");
            m.Status = (RefusalReason)status;
            m.Command = ReadCommandCode(r, "result command");
            m.RemainingUses = r.ReadUInt16("result remaining uses");
            m.DeviceTime = r.ReadUInt32("result device time");
            m.Mac = r.ReadBytes(Macs.MacLength, "result MAC");
            return m;
        }

        private static RotateMessage ReadRotate(ByteReader r)
        {
            RotateMessage m = new RotateMessage();
            m.Epoch = r.ReadUInt32("rotate epoch");
            FieldRules.Require(m.Epoch != 0, "M5: rotate epoch is 0");
            byte[] iv = r.ReadBytes(WrappedKey.IvLength, "wrap IV");
            byte[] ciphertext = r.ReadBytes(WrappedKey.CiphertextLength, "wrap ciphertext");
            byte[] tag = r.ReadBytes(Macs.MacLength, "wrap tag");
            m.WrappedKey = new WrappedKey(iv, ciphertext, tag);
            int count = r.ReadByte("rotate revoked count");
            FieldRules.Require(count <= RotateMessage.MaxRevokedKeys, "M6: rotate revokes more than 32 keys");
            m.RevokedKeyIds = new ulong[count];
            for (int i = 0; i < count; i++)
            {
                m.RevokedKeyIds[i] = r.ReadUInt64("rotate revoked key id");
                FieldRules.Require(m.RevokedKeyIds[i] != 0, "M7: rotate revokes key id 0");
            }

            return m;
        }

        private static CommitMessage ReadCommit(ByteReader r)
        {
            CommitMessage m = new CommitMessage();
            m.Epoch = r.ReadUInt32("commit epoch");
            FieldRules.Require(m.Epoch != 0, "M8: commit epoch is 0");
            return m;
        }

        private static EventReceiptMessage ReadEventReceipt(ByteReader r)
        {
            EventReceiptMessage m = new EventReceiptMessage();
            m.Count = r.ReadByte("event receipt count");
            FieldRules.Require(m.Count >= 1 && m.Count <= EventMessage.MaxEvents, "M20: event receipt count is outside 1..16");
            return m;
        }

        private static RemoteLockMessage ReadRemoteLock(ByteReader r)
        {
            RemoteLockMessage m = new RemoteLockMessage();
            byte action = r.ReadByte("remote lock action");
            byte target = r.ReadByte("remote lock target");
            FieldRules.Require(action >= 1 && action <= 2, "M9: remote lock action is neither lock (1) nor release (2)");
            FieldRules.Require(target >= 1 && target <= 3, "M10: remote lock target is not 1..3");
            m.Action = (RemoteLockAction)action;
            m.Target = (RemoteLockTarget)target;
            m.RequestedAt = r.ReadUInt32("remote lock requested-at");
            return m;
        }

        private static BindResultMessage ReadBindResult(ByteReader r)
        {
            BindResultMessage m = new BindResultMessage();
            byte outcome = r.ReadByte("bind outcome");
            FieldRules.Require(outcome >= 1 && outcome <= 4, "M11: bind outcome is not 1..4");
            m.Outcome = (BindOutcome)outcome;
            m.Reason = r.ReadByte("bind reason");
            m.Vin = ReadVin(r);
            return m;
        }

        private static AckMessage ReadAck(ByteReader r)
        {
            AckMessage m = new AckMessage();
            m.AckedMessageId = r.ReadUInt32("ack message id");
            byte status = r.ReadByte("ack status");
            FieldRules.Require(status <= (byte)AckStatus.Unsupported, "M12: ack status is not 0..4");
            m.Status = (AckStatus)status;
            m.Epoch = r.ReadUInt32("ack epoch");
            m.Proof = r.ReadBytes(Macs.MacLength, "ack proof");
            return m;
        }

        private static KeyReportMessage ReadKeyReport(ByteReader r)
        {
            KeyReportMessage m = new KeyReportMessage();
            m.ActiveEpoch = r.ReadUInt32("report active epoch");
            m.BackupEpoch = r.ReadUInt32("report backup epoch");
            m.BulletinSequence = r.ReadUInt32("report bulletin sequence");
            m.DeviceTime = r.ReadUInt32("report device time");
            int count = r.ReadByte("report use count");
            FieldRules.Require(count <= KeyReportMessage.MaxKeyUses, "M13: key report lists more than 64 keys");
            m.Uses = new KeyUse[count];
            for (int i = 0; i < count; i++)
            {
                ulong keyId = r.ReadUInt64("report key id");
                ushort uses = r.ReadUInt16("report uses");
                m.Uses[i] = new KeyUse(keyId, uses);
            }

            m.RecentEvents = ReadEvents(r, KeyReportMessage.MaxEvents, 0);
            return m;
        }

        private static EventMessage ReadEvent(ByteReader r)
        {
            EventMessage m = new EventMessage();
            m.Events = ReadEvents(r, EventMessage.MaxEvents, 1);
            return m;
        }

        private static EventRecord[] ReadEvents(ByteReader r, int max, int min)
        {
            int count = r.ReadByte("event count");
            if (count < min || count > max)
            {
                throw new ProtocolException(ProtocolError.FieldOutOfRange, "M14: event count is outside " + min.ToString() + ".." + max.ToString());
            }
            EventRecord[] events = new EventRecord[count];
            for (int i = 0; i < count; i++)
            {
                byte kind = r.ReadByte("event kind");
                FieldRules.Require(IsKnownKind(kind), "M15: event kind is not one of §4.12's");
                uint time = r.ReadUInt32("event time");
                ulong keyId = r.ReadUInt64("event key id");
                byte detail = r.ReadByte("event detail");
                short value = r.ReadInt16("event value");
                events[i] = new EventRecord((EventKind)kind, time, keyId, detail, value);
            }

            return events;
        }

        /// <summary>Each kind by name, as <see cref="IsKnownType"/>: a gap in the numbering is refused, not read.</summary>
        private static bool IsKnownKind(byte kind)
        {
            switch ((EventKind)kind)
            {
                case EventKind.Unlocked:
                case EventKind.Locked:
                case EventKind.Started:
                case EventKind.Refused:
                case EventKind.LockedOut:
                case EventKind.Occupancy:
                case EventKind.StateOfCharge:
                case EventKind.RemoteLocked:
                case EventKind.Obstructed:
                case EventKind.MotorFault:
                case EventKind.Tampered:
                case EventKind.LowBattery:
                case EventKind.AutoRaised:
                case EventKind.RemoteLockArmed:
                case EventKind.RemoteLockRefused:
                case EventKind.Withheld:
                case EventKind.Transferred:
                    return true;
                default:
                    return false;
            }
        }

        private static VehicleReportMessage ReadVehicleReport(ByteReader r)
        {
            VehicleReportMessage m = new VehicleReportMessage();
            m.DeviceTime = r.ReadUInt32("vehicle device time");
            byte charge = r.ReadByte("state of charge");
            FieldRules.Require(charge <= 100 || charge == VehicleReportMessage.Unknown, "V1: state of charge is not 0..100 or ff");
            m.StateOfCharge = charge;
            byte cable = r.ReadByte("charging cable");
            FieldRules.Require(cable <= (byte)ChargingCable.Charging || cable == (byte)ChargingCable.Unknown, "V2: charging cable is not 0..2 or ff");
            m.Cable = (ChargingCable)cable;
            m.SpeedKmh = r.ReadUInt16("speed");
            byte ignition = r.ReadByte("ignition");
            FieldRules.Require(ignition <= 1 || ignition == VehicleReportMessage.Unknown, "V3: ignition is not 0, 1 or ff");
            m.Ignition = ignition;
            byte state = r.ReadByte("remote lock state");
            FieldRules.Require(state <= (byte)RemoteLockState.Engaged, "V4: remote lock state is not 0..2");
            m.RemoteLock = (RemoteLockState)state;
            byte outputs = r.ReadByte("outputs");
            FieldRules.Require((outputs & ~(VehicleReportMessage.ImmobiliserFlag | VehicleReportMessage.InletLockFlag)) == 0, "V5: outputs has a bit other than immobiliser (1) and inlet lock (2)");
            m.Outputs = outputs;
            m.LockMessageId = r.ReadUInt32("lock message id");
            return m;
        }

        private static BindRequestMessage ReadBindRequest(ByteReader r)
        {
            BindRequestMessage m = new BindRequestMessage();
            m.Vin = ReadVin(r);
            int length = r.ReadByte("IMSI length");
            FieldRules.Require(length >= Imsi.MinLength && length <= Imsi.MaxLength, "M16: IMSI length is not 6..15");
            m.Imsi = ReadAscii(r, length, "IMSI");
            FieldRules.Require(Imsi.Check(m.Imsi) == IdentityProblem.None, "M17: IMSI has a character that is not a digit");
            return m;
        }

        private static string ReadVin(ByteReader r)
        {
            string vin = ReadAscii(r, Vin.Length, "VIN");
            FieldRules.Require(Vin.IsWellFormed(vin), "M18: VIN has a character outside 0-9, A-Z without I, O, Q");
            return vin;
        }

        private static string ReadAscii(ByteReader r, int length, string field)
        {
            byte[] bytes = r.ReadBytes(length, field);
            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                if (bytes[i] < 0x20 || bytes[i] >= 0x7F)
                {
                    throw new ProtocolException(ProtocolError.FieldOutOfRange, "M19: " + field + " is not printable ASCII");
                }
                chars[i] = (char)bytes[i];
            }

            return new string(chars);
        }

        private static CommandCode ReadCommandCode(ByteReader r, string field)
        {
            byte code = r.ReadByte(field);
            if (code < 1 || code > 3)
            {
                throw new ProtocolException(ProtocolError.FieldOutOfRange, "M2: " + field + " is not unlock (1), lock (2) or start (3)");
            }
            return (CommandCode)code;
        }
    }
}
