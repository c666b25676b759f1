using ShareKey.Firmware.State;
using ShareKey.Protocol;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.Firmware.Downlink
{
    /// <summary>
    /// Applies one down message (already decoded, its link MAC checked) and answers the Ack to send
    /// up (docs/protocol.md §4.4–§4.10, §9.5). Idempotent by message id: a message still in the
    /// window gets its first Ack again and changes nothing; one older than the window gets Stale and
    /// is not applied. The effect and the remembered Ack are saved in one write before the Ack is
    /// returned, so an Ack never promises what a power cut could undo. The Ack's own message id is
    /// the uplink's to assign.
    /// </summary>
    public sealed class DownlinkHandler
    {
        private readonly DeviceKeyState _state;
        private readonly Macs _macs;
        private readonly DeviceSecrets _secrets;
        private readonly SignedUpdates _updates;
        private readonly IRemoteLockHandler _remoteLock;
        private readonly IBindResultHandler _bindResult;
        private readonly IReportRequestHandler _report;

        /// <summary>A handler for a board with nothing to report on request: ReportRequest is answered Unsupported.</summary>
        public DownlinkHandler(DeviceKeyState state, Macs macs, DeviceSecrets secrets, IRemoteLockHandler remoteLock, IBindResultHandler bindResult)
            : this(state, macs, secrets, remoteLock, bindResult, null)
        {
        }

        /// <param name="remoteLock">null on a board with nothing to lock remotely: RemoteLock is answered Unsupported.</param>
        /// <param name="bindResult">null on a board without VIN binding: BindResult is answered Unsupported.</param>
        /// <param name="report">null on a board with nothing to report on request: ReportRequest is answered Unsupported.</param>
        public DownlinkHandler(DeviceKeyState state, Macs macs, DeviceSecrets secrets, IRemoteLockHandler remoteLock, IBindResultHandler bindResult, IReportRequestHandler report)
        {
            _state = state;
            _macs = macs;
            _secrets = secrets;
            _updates = new SignedUpdates(state, macs, secrets);
            _remoteLock = remoteLock;
            _bindResult = bindResult;
            _report = report;
        }

        public AckMessage Handle(Message message)
        {
            uint id = message.MessageId;
            AckMessage seen = _state.Acks.Find(id);
            if (seen != null)
            {
                return seen;
            }

            if (_state.Acks.IsStale(id))
            {
                return Ack(id, AckStatus.Stale);
            }

            AckMessage ack = Apply(message);
            _state.Acks.Remember(ack);
            _state.Save();
            return ack;
        }

        private AckMessage Apply(Message message)
        {
            uint id = message.MessageId;
            switch (message.Type)
            {
                case MessageType.Rotate:
                    return Rotate((RotateMessage)message);
                case MessageType.Commit:
                    return Commit((CommitMessage)message);
                case MessageType.Bulletin:
                    return Ack(id, _updates.ApplyBulletin((BulletinMessage)message) ? AckStatus.Applied : AckStatus.Refused);
                case MessageType.TimeSync:
                    return Ack(id, _updates.ApplyTime((TimeSyncMessage)message) ? AckStatus.Applied : AckStatus.Refused);
                case MessageType.RemoteLock:
                    return Ack(id, _remoteLock == null ? AckStatus.Unsupported : _remoteLock.Apply((RemoteLockMessage)message));
                case MessageType.BindResult:
                    return Ack(id, _bindResult == null ? AckStatus.Unsupported : _bindResult.Apply((BindResultMessage)message));
                case MessageType.ReportRequest:
                    return Ack(id, _report == null ? AckStatus.Unsupported : _report.ReportNow());
                default:
                    return Ack(id, AckStatus.Unsupported);
            }
        }

        /// <summary>
        /// R0.1: a newer epoch becomes active and the active one the backup; the listed keys (the
        /// returning renter's) are revoked for as long as the retiring epoch is held. The same epoch
        /// again with the same key (the cloud re-driving a rotation) is applied without shifting; an
        /// older epoch, or the active epoch with a different key, is refused — an epoch's key never changes.
        /// </summary>
        private AckMessage Rotate(RotateMessage rotate)
        {
            byte[] key;
            try
            {
                key = KeyWrap.Unwrap(_macs, _secrets, _state.DeviceId, rotate.Epoch, rotate.WrappedKey);
            }
            catch (ProtocolException)
            {
                return Ack(rotate.MessageId, AckStatus.BadWrap);
            }

            uint active = _state.Epochs.ActiveEpoch;
            if (rotate.Epoch < active || (rotate.Epoch == active && !ConstantTime.Equals(key, _state.Epochs.KeyOf(active))))
            {
                return Ack(rotate.MessageId, AckStatus.Refused);
            }

            uint retiring = active != 0 ? active : rotate.Epoch;
            if (rotate.Epoch > active)
            {
                _state.Epochs.Install(rotate.Epoch, key);
            }

            _state.PruneRevocations();
            for (int i = 0; i < rotate.RevokedKeyIds.Length; i++)
            {
                _state.RevokeLocally(rotate.RevokedKeyIds[i], retiring);
            }

            AckMessage ack = Ack(rotate.MessageId, AckStatus.Applied);
            ack.Epoch = rotate.Epoch;
            ack.Proof = _macs.AckProof(key, _state.DeviceId, rotate.Epoch, rotate.MessageId);
            return ack;
        }

        /// <summary>R0.3: the cloud saw the proof for the active epoch; the backup goes. Committing anything but the active epoch is refused.</summary>
        private AckMessage Commit(CommitMessage commit)
        {
            if (commit.Epoch != _state.Epochs.ActiveEpoch)
            {
                return Ack(commit.MessageId, AckStatus.Refused);
            }

            _state.Epochs.DropBackup();
            _state.PruneRevocations();
            return Ack(commit.MessageId, AckStatus.Applied);
        }

        /// <summary>An Ack without a proof: epoch 0 and sixteen zero bytes.</summary>
        private static AckMessage Ack(uint messageId, AckStatus status)
        {
            AckMessage ack = new AckMessage();
            ack.AckedMessageId = messageId;
            ack.Status = status;
            ack.Proof = new byte[Macs.MacLength];
            return ack;
        }
    }
}
