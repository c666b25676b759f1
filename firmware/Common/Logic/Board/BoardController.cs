using ShareKey.Firmware.Configuration;
using ShareKey.Firmware.Diagnostics;
using ShareKey.Firmware.Downlink;
using ShareKey.Firmware.Events;
using ShareKey.Firmware.State;
using ShareKey.Firmware.Storage;
using ShareKey.Firmware.Unlock;
using ShareKey.Firmware.Uplink;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Board
{
    /// <summary>
    /// The core every board's controller is: the one object its device layer and the simulator drive,
    /// with one plain method per thing that happens to the board. It owns the shared parts — key state,
    /// event log, uplink ids, the BLE unlock session, the downlink handler and the cloud link — and
    /// leaves to each board (T-BOX, parking lock) only what an accepted command does, its own records
    /// and what its tick and status add.
    ///
    /// Threading: every public method takes the controller's one lock (<see cref="Gate"/>, which a
    /// board's own methods take too), so callers may use any thread; the seams are called with it held
    /// and must not block. Nothing here starts a thread or a timer: the device layer calls
    /// <see cref="Tick"/>. A flash failure surfaces as the exception the flash seam threw: reboot.
    /// </summary>
    public abstract class BoardController : IBleEndpoint, IMqttEndpoint
    {
        /// <summary>How often the clock is saved with the key state, so a reboot without network loses at most this much time.</summary>
        public const uint CheckpointSeconds = 300;

        /// <summary>RSSI samples the proximity median is taken over.</summary>
        public const int ProximityWindow = 3;

        private readonly object _gate = new object();
        private readonly CoreParts _parts;
        private readonly IClock _clock;
        private readonly Macs _macs;
        private readonly DeviceSecrets _secrets;
        private readonly UplinkIds _ids;
        private readonly ProximityFilter _proximity;
        private UnlockSession _session;
        private CloudLink _link;
        private uint _lastCheckpoint;

        /// <summary>Checks the file is this board's and its password; builds the core's records (no flash read until <see cref="Boot"/>).</summary>
        /// <param name="boardName">How the refusal of another board's file names this one.</param>
        protected BoardController(BoardConfig config, CoreParts parts, IClock clock, DeviceKind kind, string boardName)
        {
            if (config.Kind != kind)
            {
                throw new BoardConfigException(BoardConfigKeys.DeviceKind, "this firmware is the " + boardName + "'s; the file is for another board");
            }

            _macs = new Macs(parts.Crypto);
            _secrets = new DeviceSecrets(_macs, config.RootKey);
            config.CheckPassword(_secrets);
            _parts = parts;
            _clock = clock;
            Log = parts.Log;
            DeviceId = config.DeviceId;
            State = new DeviceKeyState(config.DeviceId, new DurableRecord(parts.StateFlash), clock, parts.Crypto, config.LockOut);
            Events = new EventLog(new DurableRecord(parts.EventFlash));
            _ids = new UplinkIds(new DurableRecord(parts.UplinkIdFlash));
            _proximity = parts.ConnectionRssiUnavailable ? null : new ProximityFilter(config.RssiThreshold, ProximityWindow);
        }

        public ulong DeviceId { get; }

        /// <summary>True once the board holds an epoch key; until then a phone has nothing to unlock with, so the board does not advertise.</summary>
        public bool HoldsKey
        {
            get
            {
                lock (_gate)
                {
                    return State.Epochs.ActiveEpoch != 0;
                }
            }
        }

        /// <summary>The lock every public method holds; a board's own public methods take it too.</summary>
        protected object Gate
        {
            get { return _gate; }
        }

        protected DeviceKeyState State { get; }

        protected EventLog Events { get; }

        protected IDeviceLog Log { get; }

        /// <summary>The cloud link; set by <see cref="Attach"/>.</summary>
        protected CloudLink Link
        {
            get { return _link; }
        }

        /// <summary>Reads every record from flash, then the board's own (<see cref="OpenBoard"/>), logs the boot and lets the board start (<see cref="Booted"/>).</summary>
        public void Boot()
        {
            lock (_gate)
            {
                bool restored = State.Open();
                Events.Open();
                _ids.Open();
                uint now = _clock.UptimeSeconds;
                _lastCheckpoint = now;
                OpenBoard(now);
                Log.Write("boot " + Hex.OfId(DeviceId) + (restored ? " epoch " + State.Epochs.ActiveEpoch.ToString() : " with no saved keys")
                    + ", " + Events.Count.ToString() + " events queued" + BootSummary());
                if (_proximity == null)
                {
                    Log.Write("proximity gate off: this radio reports no RSSI for a connected phone");
                }

                Booted();
            }
        }

        /// <summary>A phone connected: the first challenge to serve (null while no epoch key is held: do not advertise).</summary>
        public byte[] BleConnected()
        {
            lock (_gate)
            {
                _session.Reset();
                return _session.IssueChallengeFrame();
            }
        }

        /// <summary>A read of the challenge characteristic, and the fresh challenge after each command: a new nonce, the old one void.</summary>
        public byte[] ReadChallenge()
        {
            lock (_gate)
            {
                return _session.IssueChallengeFrame();
            }
        }

        /// <summary>One RSSI reading of the phone's connection (dBm).</summary>
        public void BleSignal(int rssiDbm)
        {
            lock (_gate)
            {
                if (_proximity != null)
                {
                    _proximity.Add(rssiDbm);
                }
            }
        }

        /// <summary>
        /// A write of the command characteristic: verifies, lets the board carry out an accepted
        /// command (<see cref="Actuate"/>, its use already on flash), and returns the outcome whose
        /// <see cref="UnlockOutcome.ResultFrame"/> is to be notified. The event goes up, and an
        /// accepted command's new use count with a KeyReport, when online. Commands the board holds
        /// back for now (<see cref="HoldsBack"/>) are refused with the board's reason.
        /// </summary>
        public UnlockOutcome BleCommand(byte[] value, int offset, int count)
        {
            lock (_gate)
            {
                UnlockOutcome outcome = _session.HandleCommand(value, offset, count);
                if (outcome.Accepted)
                {
                    Actuate(outcome.Command);
                    _link.KeysChanged();
                }
                else
                {
                    _link.Pump();
                }

                return outcome;
            }
        }

        public void BleDisconnected()
        {
            lock (_gate)
            {
                _session.Reset();
            }
        }

        /// <summary>Connected and subscribed to the down topic: KeyReport, queued events, then whatever the board sends on connecting.</summary>
        public void MqttConnected()
        {
            lock (_gate)
            {
                _link.Connected();
                CloudConnected();
            }
        }

        public void MqttDisconnected()
        {
            lock (_gate)
            {
                _link.Disconnected();
            }
        }

        /// <summary>A message on the down topic: authenticated, applied, acknowledged (frames that fail are dropped and logged; an EventReceipt settles the batch in flight).</summary>
        public void MqttFrameReceived(byte[] payload, int offset, int count)
        {
            lock (_gate)
            {
                _link.Receive(payload, offset, count);
            }
        }

        /// <summary>The board's periodic work (<see cref="TickBoard"/>), then unacknowledged events and the clock checkpoint.</summary>
        public void Tick()
        {
            lock (_gate)
            {
                uint now = _clock.UptimeSeconds;
                TickBoard(now);
                _link.Pump();
                if (now - _lastCheckpoint >= CheckpointSeconds)
                {
                    State.Save();
                    _lastCheckpoint = now;
                }
            }
        }

        /// <summary>
        /// Completes the core once the board has built its own parts (they need <see cref="State"/> and
        /// <see cref="Events"/>): the handlers of the board's down messages (null where the board has
        /// none: that message is answered unsupported) and the commands it carries out (any other is
        /// refused not-permitted).
        /// </summary>
        protected void Attach(IRemoteLockHandler remoteLock, IBindResultHandler bindResult, IReportRequestHandler report, Permissions commands)
        {
            DownlinkHandler downlink = new DownlinkHandler(State, _macs, _secrets, remoteLock, bindResult, report);
            _session = new UnlockSession(State, _macs, _secrets, Events, _proximity, commands);
            _session.HoldBackWith(new BoardHold(this));
            _link = new CloudLink(State, Events, downlink, _macs, _secrets, _ids, _parts.Uplink, _clock, Log);
        }

        /// <summary>Fills the core's part of a snapshot; call with <see cref="Gate"/> held.</summary>
        protected void Describe(BoardStatus status)
        {
            status.DeviceId = DeviceId;
            status.ActiveEpoch = State.Epochs.ActiveEpoch;
            status.BackupEpoch = State.Epochs.BackupEpoch;
            status.BulletinSequence = State.Bulletin.Sequence;
            status.DeviceTime = State.Now;
            status.Uses = State.Uses.ToKeyUses();
            status.EventsQueued = Events.Count;
            status.Online = _link.IsOnline;
        }

        /// <summary>Opens the board's own records and puts its hardware as they say, before the boot line is logged.</summary>
        protected abstract void OpenBoard(uint uptimeSeconds);

        /// <summary>What the boot line adds about the board's own parts (", …"; empty for nothing).</summary>
        protected abstract string BootSummary();

        /// <summary>After the boot line: what the board starts once booted.</summary>
        protected virtual void Booted()
        {
        }

        /// <summary>What an accepted command does to the board's hardware; its use is already on flash.</summary>
        protected abstract void Actuate(CommandCode command);

        /// <summary>
        /// Why the board will not carry out an authentic, permitted command at this moment (a T-BOX
        /// under a remote lock: start; a parking lock over a car: lock), or
        /// <see cref="RefusalReason.Accepted"/>; called with <see cref="Gate"/> held. Nothing is held back by default.
        /// </summary>
        protected virtual RefusalReason HoldsBack(CommandCode command)
        {
            return RefusalReason.Accepted;
        }

        /// <summary>After the link's own KeyReport and queued events went up on connecting.</summary>
        protected virtual void CloudConnected()
        {
        }

        /// <summary>The board's periodic work, before the link pumps.</summary>
        protected abstract void TickBoard(uint uptimeSeconds);

        /// <summary>The session asks the board through this, so the board's rule stays a protected override.</summary>
        private sealed class BoardHold : ICommandHold
        {
            private readonly BoardController _board;

            public BoardHold(BoardController board)
            {
                _board = board;
            }

            public RefusalReason HoldsBack(CommandCode command)
            {
                return _board.HoldsBack(command);
            }
        }
    }
}
