using ShareKey.Firmware.Storage;
using ShareKey.Protocol;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.State
{
    /// <summary>
    /// Everything the device knows about its keys, as the verifier reads it and as flash keeps it:
    /// epoch keys, the forward-only clock, the newest bulletin's freezes, every revocation that still matters, use counts and
    /// the down-message window — all in one <see cref="DurableRecord"/>, so a change and its
    /// consequences are saved together. The challenge nonce, the per-key lock-out and the pause on
    /// logging refusals that prove nothing live in RAM only.
    /// Nothing here checks a MAC: callers apply only what they have authenticated, then
    /// <see cref="Save"/>.
    /// </summary>
    public sealed class DeviceKeyState : IVerifierState
    {
        /// <summary>Layout version of the saved record; format 2 (before changed keys) is read too, any other is not.</summary>
        public const byte FormatVersion = 3;

        private const byte FreezesOnlyFormat = 2;

        /// <summary>The largest saved state: every table full. A board's state slots hold at least this plus <see cref="DurableRecord.Overhead"/>.</summary>
        public const int MaxSavedLength = 1 + 8 + ForwardClock.SavedLength + EpochKeys.SavedLength + BulletinStandings.MaxSavedLength
            + RevokedKeys.MaxSavedLength + UseCounts.MaxSavedLength + AckWindow.SavedLength;

        private readonly DurableRecord _record;
        private readonly IClock _uptime;
        private readonly ICryptoProvider _crypto;
        private readonly ByteWriter _writer = new ByteWriter(MaxSavedLength);
        private readonly LockOut _lockOut;
        private readonly LockOut _unattributed;

        public DeviceKeyState(ulong deviceId, DurableRecord record, IClock uptime, ICryptoProvider crypto, LockOutPolicy lockOut)
        {
            DeviceId = deviceId;
            _record = record;
            _uptime = uptime;
            _crypto = crypto;
            _lockOut = new LockOut(lockOut);
            _unattributed = new LockOut(lockOut);
            Nonce = new ChallengeNonce();
            Clock = new ForwardClock(uptime);
            Epochs = new EpochKeys();
            Bulletin = new BulletinStandings();
            Revocations = new RevokedKeys();
            Uses = new UseCounts();
            Acks = new AckWindow();
        }

        public ulong DeviceId { get; }

        public ChallengeNonce Nonce { get; }

        // The saved parts are replaced as a whole by Open, so hold on to the state, not to them.
        public ForwardClock Clock { get; private set; }

        public EpochKeys Epochs { get; private set; }

        public BulletinStandings Bulletin { get; private set; }

        public RevokedKeys Revocations { get; private set; }

        public UseCounts Uses { get; private set; }

        public AckWindow Acks { get; private set; }

        public uint Now
        {
            get { return Clock.Now; }
        }

        /// <summary>True while refusals that name no proven key are not logged (see <see cref="RecordUnattributed"/>).</summary>
        public bool IsLoggingPaused
        {
            get { return _unattributed.IsLockedOut(0, _uptime.UptimeSeconds); }
        }

        public bool IsLockedOut(ulong keyId)
        {
            return _lockOut.IsLockedOut(keyId, _uptime.UptimeSeconds);
        }

        /// <summary>
        /// Loads the saved state. A fresh board, or a record this firmware cannot read or that belongs
        /// to another device id, starts empty — which fails closed: with no epoch key no token
        /// verifies, so nothing opens until the cloud sends a Rotate. Returns true if a record was read.
        /// </summary>
        public bool Open()
        {
            byte[] saved = _record.Open();
            if (saved == null)
            {
                return false;
            }

            // Read into fresh parts and adopt them only whole: a record that fails half-way leaves the state empty, not mixed.
            ForwardClock clock = new ForwardClock(_uptime);
            EpochKeys epochs = new EpochKeys();
            BulletinStandings bulletin = new BulletinStandings();
            RevokedKeys revocations = new RevokedKeys();
            UseCounts uses = new UseCounts();
            AckWindow acks = new AckWindow();
            try
            {
                ByteReader reader = new ByteReader(saved, 0, saved.Length);
                byte format = reader.ReadByte("state format");
                if ((format != FormatVersion && format != FreezesOnlyFormat) || reader.ReadUInt64("state device id") != DeviceId)
                {
                    return false;
                }

                clock.Read(reader);
                epochs.Read(reader);
                bulletin.Read(reader, format == FreezesOnlyFormat);
                revocations.Read(reader);
                uses.Read(reader);
                acks.Read(reader);
                reader.ExpectEnd("saved device state");
            }
            catch (ProtocolException)
            {
                return false;
            }

            Clock = clock;
            Epochs = epochs;
            Bulletin = bulletin;
            Revocations = revocations;
            Uses = uses;
            Acks = acks;
            return true;
        }

        /// <summary>Writes the whole state to flash (also the board's periodic clock checkpoint). When it returns, the state survives a power cut.</summary>
        public void Save()
        {
            _writer.Reset();
            _writer.WriteByte(FormatVersion);
            _writer.WriteUInt64(DeviceId);
            Clock.Write(_writer);
            Epochs.Write(_writer);
            Bulletin.Write(_writer);
            Revocations.Write(_writer);
            Uses.Write(_writer);
            Acks.Write(_writer);
            _record.Write(_writer.Buffer, 0, _writer.Length);
        }

        /// <summary>The key of a held epoch, or null — also for an epoch sealed because a revocation found no room (fail closed).</summary>
        public byte[] EpochKey(uint epoch)
        {
            return Revocations.IsSealed(epoch) ? null : Epochs.KeyOf(epoch);
        }

        /// <summary>
        /// Revoked if any revocation the device learned names the key; else Frozen if the newest
        /// bulletin freezes it; else Transferred if the key handed its right to a transfer share; else good.
        /// </summary>
        public KeyStanding StandingOf(ulong keyId)
        {
            KeyStanding revoked = Revocations.StandingOf(keyId);
            if (revoked == KeyStanding.Revoked)
            {
                return revoked;
            }

            return Bulletin.IsFrozen(keyId) ? KeyStanding.Frozen : revoked;
        }

        /// <summary>
        /// Applies an authenticated bulletin newer than the one held (docs/protocol.md §4.5): its
        /// freezes and changed keys replace the held ones, its revocations and transfers join those kept, and the
        /// clock moves up to its issue time (signed by the cloud like a TimeSync). False, and no
        /// change, for a sequence not newer than the one held.
        /// </summary>
        public bool ApplyBulletin(BulletinMessage bulletin)
        {
            if (!Bulletin.Apply(bulletin))
            {
                return false;
            }

            Clock.AdvanceTo(bulletin.IssuedAt);
            uint now = Now;
            Revocations.Prune(Epochs, now);
            for (int i = 0; i < bulletin.Entries.Length; i++)
            {
                BulletinEntry entry = bulletin.Entries[i];
                if (entry.Standing == KeyStanding.Revoked || entry.Standing == KeyStanding.Transferred)
                {
                    Revocations.Announce(entry.KeyId, entry.Standing == KeyStanding.Revoked, bulletin.Epoch, entry.NotAfter, Epochs, now);
                }
            }

            return true;
        }

        /// <summary>The newest bulletin names the token's key as changed (R1.5) and this token is not its newest.</summary>
        public bool IsSuperseded(KeyToken token)
        {
            return Bulletin.IsSuperseded(token.KeyId, token.Tag);
        }

        public int UsesOf(ulong keyId)
        {
            return Uses.UsesOf(keyId);
        }

        public bool ConsumeNonce(byte[] nonce)
        {
            return Nonce.Consume(nonce);
        }

        /// <summary>A fresh challenge nonce from the RNG; the previous one, if any, is void.</summary>
        public byte[] IssueNonce()
        {
            return Nonce.Issue(_crypto);
        }

        /// <summary>Counts a failed guess at <paramref name="keyId"/>'s holder secret; true when it locks that key out.</summary>
        public bool RecordFailure(ulong keyId)
        {
            return _lockOut.RecordFailure(keyId, _uptime.UptimeSeconds);
        }

        /// <summary>
        /// Counts a refusal that proves nothing about any key (malformed, another device's token, a
        /// tag that does not verify…). It locks nobody out; K of them within the window pause their
        /// logging for the lock-out time, so garbage writes cannot wear the flash. True when this one
        /// starts the pause.
        /// </summary>
        public bool RecordUnattributed()
        {
            return _unattributed.RecordFailure(0, _uptime.UptimeSeconds);
        }

        /// <summary>Counts one use of the token's key; false when a limited key finds no room (refuse it).</summary>
        public bool RecordUse(KeyToken token)
        {
            return Uses.Record(token, Now, Epochs);
        }

        /// <summary>Revokes a key outright (a Rotate's list): its tokens are under <paramref name="epoch"/> or older.</summary>
        public void RevokeLocally(ulong keyId, uint epoch)
        {
            Revocations.Announce(keyId, true, epoch, BulletinEntry.NoExpiry, Epochs, Now);
        }

        /// <summary>Records that the parent of a transfer share just accepted has handed its right over; false when there is no room (refuse the share).</summary>
        public bool RevokeTransferredParent(ulong parentKeyId, uint epoch)
        {
            return Revocations.RecordTransfer(parentKeyId, epoch, Epochs, Now);
        }

        /// <summary>Forgets revocations that can no longer matter (after the held epochs or the clock moved).</summary>
        public void PruneRevocations()
        {
            Revocations.Prune(Epochs, Now);
        }

        /// <summary>What a KeyReport says about the keys (R1.4); the caller adds recent events and sends it.</summary>
        public KeyReportMessage ToKeyReport(EventRecord[] recentEvents)
        {
            KeyReportMessage report = new KeyReportMessage();
            report.ActiveEpoch = Epochs.ActiveEpoch;
            report.BackupEpoch = Epochs.BackupEpoch;
            report.BulletinSequence = Bulletin.Sequence;
            report.DeviceTime = Now;
            report.Uses = Uses.ToKeyUses();
            report.RecentEvents = recentEvents;
            return report;
        }
    }
}
