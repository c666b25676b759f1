using ShareKey.Firmware.Events;
using ShareKey.Firmware.State;
using ShareKey.Protocol;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Unlock
{
    /// <summary>
    /// The device side of the BLE unlock (docs/architecture.md §4, docs/protocol.md §4.1–§4.3, §6, §9): issues
    /// a Challenge, then takes one Command per challenge and answers one Result. For a Command it
    /// decodes (malformed if that fails), refuses at once while the token's key is locked out,
    /// applies the bulletin and signed time the phone carried (each only if its MAC verifies), checks
    /// proximity, runs the protocol's verifier, and then: on acceptance saves the use and any
    /// transfer revocation before answering, so an actuation is never ahead of flash; on a command
    /// MAC that does not verify under an authentic token counts a failure against that key (§9.6).
    /// Refusals that prove nothing lock nobody out. Every outcome is logged as an event except
    /// refusals during a key's lock-out (one locked-out event marks its start) and refusals that
    /// prove nothing while their logging is paused; the first acceptance of a transfer share also
    /// logs a transferred event, so the cloud learns the sharer's key is gone. The board actuates
    /// when the outcome says so.
    /// </summary>
    public sealed class UnlockSession
    {
        private readonly DeviceKeyState _state;
        private readonly CommandVerifier _verifier;
        private readonly MessageDecoder _decoder;
        private readonly MessageEncoder _encoder;
        private readonly SignedUpdates _updates;
        private readonly EventLog _events;
        private readonly ProximityFilter _proximity;
        private uint _challengeId;
        private ICommandHold _hold;

        /// <param name="proximity">Null on a board whose radio measures no RSSI: no proximity gate.</param>
        public UnlockSession(DeviceKeyState state, Macs macs, DeviceSecrets secrets, EventLog events, ProximityFilter proximity)
            : this(state, macs, secrets, events, proximity, CommandVerifier.AllCommands)
        {
        }

        /// <param name="commands">The commands the board carries out; any other is refused not-permitted (<see cref="CommandVerifier"/>).</param>
        public UnlockSession(DeviceKeyState state, Macs macs, DeviceSecrets secrets, EventLog events, ProximityFilter proximity, Permissions commands)
        {
            _state = state;
            _verifier = new CommandVerifier(macs, commands);
            _decoder = new MessageDecoder(macs);
            _encoder = new MessageEncoder(macs);
            _updates = new SignedUpdates(state, macs, secrets);
            _events = events;
            _proximity = proximity;
        }

        /// <summary>
        /// A fresh Challenge frame (new nonce; the previous one is void). Null while the device holds
        /// no epoch key: a fresh board has nothing to unlock with until the cloud's first Rotate.
        /// </summary>
        public byte[] IssueChallengeFrame()
        {
            if (_state.Epochs.ActiveEpoch == 0)
            {
                return null;
            }

            ChallengeMessage challenge = new ChallengeMessage();
            challenge.MessageId = ++_challengeId;
            challenge.DeviceId = _state.DeviceId;
            challenge.Nonce = _state.IssueNonce();
            challenge.DeviceTime = _state.Now;
            challenge.ActiveEpoch = _state.Epochs.ActiveEpoch;
            challenge.BackupEpoch = _state.Epochs.BackupEpoch;
            challenge.BulletinSequence = _state.Bulletin.Sequence;
            return _encoder.Encode(challenge);
        }

        /// <summary>The board's say over accepted commands (<see cref="ICommandHold"/>); without one every accepted command is carried out.</summary>
        public void HoldBackWith(ICommandHold hold)
        {
            _hold = hold;
        }

        /// <summary>A BLE connection began or ended: no challenge outstanding, no signal history.</summary>
        public void Reset()
        {
            _state.Nonce.Discard();
            if (_proximity != null)
            {
                _proximity.Reset();
            }
        }

        /// <summary>Handles one Command frame as written by the phone.</summary>
        public UnlockOutcome HandleCommand(byte[] frame, int offset, int count)
        {
            CommandMessage command = Decode(frame, offset, count);
            bool changed = false;
            Verdict verdict;
            if (command == null)
            {
                verdict = new Verdict(RefusalReason.Malformed, null, null, 0);
            }
            else if (_state.IsLockedOut(command.Token.KeyId))
            {
                // No attachments and no HMAC for a locked key: the lock-out also caps the work a guesser can cause.
                verdict = new Verdict(RefusalReason.LockedOut, command.Token, null, 0);
            }
            else
            {
                changed = ApplyAttachments(command);
                verdict = _proximity == null || _proximity.IsNear
                    ? _verifier.Verify(_state, command)
                    : new Verdict(RefusalReason.TooFar, command.Token, null, 0);
            }

            // One challenge, one attempt, whatever the outcome and wherever it stopped.
            _state.Nonce.Discard();
            RefusalReason heldBack = verdict.Accepted && _hold != null ? _hold.HoldsBack(command.Command) : RefusalReason.Accepted;
            bool withheld = heldBack != RefusalReason.Accepted;
            if (withheld)
            {
                verdict = new Verdict(heldBack, verdict.Token, verdict.HolderSecret, verdict.RemainingUses);
            }

            bool handsOver = false;
            if (verdict.Accepted)
            {
                handsOver = HandsOver(verdict.Token);
                verdict = Carry(verdict);
                handsOver = handsOver && verdict.Accepted;
                changed = true;
            }

            if (changed)
            {
                _state.Save();
            }

            ResultMessage result = command == null
                ? Unsigned(verdict.Reason, MessageIdOf(frame, offset, count))
                : _verifier.SignResult(verdict, _state.DeviceId, command, command.MessageId, _state.Now);
            EventRecord logged = withheld ? LogWithheld(verdict, result.Command) : LogAndCount(verdict, result.Command);
            if (handsOver)
            {
                _events.Append(new EventRecord(EventKind.Transferred, _state.Now, verdict.Token.KeyId, 0, 0));
            }

            return new UnlockOutcome(result, _encoder.Encode(result), logged);
        }

        /// <summary>A transfer share whose parent has not handed its right over on this device yet: accepting it does so (R2.6), and the cloud hears it from a transferred event.</summary>
        private bool HandsOver(KeyToken token)
        {
            return (token.Flags & TokenFlags.TransferFromParent) != 0 && _state.Revocations.StandingOf(token.ParentKeyId) == KeyStanding.Good;
        }

        private CommandMessage Decode(byte[] frame, int offset, int count)
        {
            try
            {
                return _decoder.Decode(frame, offset, count) as CommandMessage;
            }
            catch (ProtocolException)
            {
                return null;
            }
        }

        /// <summary>docs/protocol.md §4.2: attachments go first, so a revocation carried by the very phone it targets still counts.</summary>
        private bool ApplyAttachments(CommandMessage command)
        {
            bool changed = false;
            if (command.Bulletin != null && _updates.ApplyBulletin(command.Bulletin))
            {
                changed = true;
            }

            if (command.Time != null && _updates.ApplyTime(command.Time))
            {
                changed = true;
            }

            return changed;
        }

        /// <summary>
        /// Records what an accepted command changes: for a transfer share that its parent handed its
        /// right over (R2.6), kept until a bulletin shows the cloud has heard of it; and one use of a
        /// counted command. When the device cannot keep either record (every table entry still
        /// matters) it refuses the command as exhausted rather than let it through unrecorded —
        /// at worst both sharer and recipient are refused, never both let in.
        /// </summary>
        private Verdict Carry(Verdict verdict)
        {
            KeyToken token = verdict.Token;
            bool transfer = (token.Flags & TokenFlags.TransferFromParent) != 0;
            if ((transfer && !_state.RevokeTransferredParent(token.ParentKeyId, token.Epoch))
                || (verdict.IsCounted && !_state.RecordUse(token)))
            {
                return new Verdict(RefusalReason.UsesExhausted, token, verdict.HolderSecret, 0);
            }

            return verdict;
        }

        /// <summary>
        /// Logs the command's event and counts it towards a lock-out (docs/protocol.md §9.6). Only a
        /// command MAC that does not verify under an authentic token is a guess at a secret, and it
        /// counts against that token's key alone. A refusal before the token is authenticated names
        /// no key anyone proved to hold: it locks nobody out, and its logging pauses once K of them
        /// come within the window. Refusals after the MAC verified come from the holder and count
        /// for nothing.
        /// </summary>
        private EventRecord LogAndCount(Verdict verdict, CommandCode command)
        {
            ulong keyId = verdict.Token == null ? 0 : verdict.Token.KeyId;
            RefusalReason reason = verdict.Reason;
            bool unattributed = IsUnattributed(reason);
            if (reason == RefusalReason.LockedOut || (unattributed && _state.IsLoggingPaused))
            {
                return null;
            }

            EventRecord record = reason == RefusalReason.Accepted
                ? new EventRecord(KindOf(command), _state.Now, keyId, (byte)command, 0)
                : new EventRecord(EventKind.Refused, _state.Now, keyId, (byte)reason, 0);
            _events.Append(record);

            if (reason == RefusalReason.BadCommandMac && _state.RecordFailure(keyId))
            {
                _events.Append(new EventRecord(EventKind.LockedOut, _state.Now, keyId, (byte)reason, 0));
            }
            else if (unattributed && _state.RecordUnattributed())
            {
                // Key id 0: no key is locked, the device stops logging this kind of noise for a while.
                _events.Append(new EventRecord(EventKind.LockedOut, _state.Now, 0, (byte)reason, 0));
            }

            return record;
        }

        /// <summary>A withheld command came from the key's holder (its MAC verified): logged, never counted towards a lock-out.</summary>
        private EventRecord LogWithheld(Verdict verdict, CommandCode command)
        {
            EventRecord record = new EventRecord(EventKind.Withheld, _state.Now, verdict.Token.KeyId, (byte)command, (short)verdict.Reason);
            _events.Append(record);
            return record;
        }

        /// <summary>Refusals given before the token's tag verified: the key id in them is anyone's to write.</summary>
        private static bool IsUnattributed(RefusalReason reason)
        {
            switch (reason)
            {
                case RefusalReason.Malformed:
                case RefusalReason.TooFar:
                case RefusalReason.WrongDevice:
                case RefusalReason.UnknownEpoch:
                case RefusalReason.StaleNonce:
                case RefusalReason.BadTag:
                    return true;
                default:
                    return false;
            }
        }

        private static EventKind KindOf(CommandCode command)
        {
            switch (command)
            {
                case CommandCode.Unlock: return EventKind.Unlocked;
                case CommandCode.Lock: return EventKind.Locked;
                default: return EventKind.Started;
            }
        }

        /// <summary>
        /// The Result for a frame that did not decode: unsigned, and naming "unlock" because a Result
        /// must carry a valid command code and the frame's own could not be trusted.
        /// </summary>
        private ResultMessage Unsigned(RefusalReason reason, uint messageId)
        {
            ResultMessage result = new ResultMessage();
            result.MessageId = messageId;
            result.Status = reason;
            result.Command = CommandCode.Unlock;
            result.DeviceTime = _state.Now;
            result.Mac = new byte[Macs.MacLength];
            return result;
        }

        /// <summary>The message id from the frame header, so even a malformed Command's Result echoes it; 0 if the header is cut short.</summary>
        private static uint MessageIdOf(byte[] frame, int offset, int count)
        {
            if (frame == null || offset < 0 || count < Frame.HeaderLength || offset > frame.Length - count)
            {
                return 0;
            }

            return ((uint)frame[offset + 2] << 24) | ((uint)frame[offset + 3] << 16) | ((uint)frame[offset + 4] << 8) | frame[offset + 5];
        }
    }
}
