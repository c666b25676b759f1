using ShareKey.Firmware.Board;
using ShareKey.Firmware.Configuration;
using ShareKey.Firmware.Storage;
using ShareKey.Firmware.TBox.Binding;
using ShareKey.Firmware.TBox.Hardware;
using ShareKey.Firmware.TBox.Vehicle;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.TBox
{
    /// <summary>
    /// The T-BOX: the shared board core (<see cref="BoardController"/>: keys, unlock session, event
    /// log, cloud link) with the T-BOX's own parts — VIN binding, the vehicle read through the PEPS
    /// gateway and its reports, remote lock, relays (README.md has the table of board events). The
    /// device layer calls <see cref="BoardController.Tick"/> about once a second.
    /// </summary>
    public sealed class TBoxController : BoardController
    {
        private readonly TBoxParts _parts;
        private readonly VehicleRecord _vehicle;
        private readonly VinBinding _binding;
        private readonly VehicleSensing _sensing;
        private readonly RemoteLockPart _remoteLock;
        private readonly VehicleReporter _reporter;

        /// <summary>Builds the T-BOX from its configuration file and parts; touches no hardware until <see cref="BoardController.Boot"/>.</summary>
        public TBoxController(BoardConfig config, TBoxParts parts)
            : base(config, parts, parts.Uptime, DeviceKind.TBox, "T-BOX")
        {
            _parts = parts;
            _vehicle = new VehicleRecord(new DurableRecord(parts.VehicleFlash));
            _binding = new VinBinding(_vehicle, parts.Peps, parts.Modem, parts.Uptime, parts.Log);
            _sensing = new VehicleSensing(parts.Peps);
            _remoteLock = new RemoteLockPart(_vehicle, parts.Relays, _sensing, Events, State, parts.Log);
            _reporter = new VehicleReporter(_sensing, _vehicle, parts.Uptime);
            Attach(_remoteLock, _binding, _reporter, CommandVerifier.AllCommands);
        }

        public TBoxStatus Status()
        {
            lock (Gate)
            {
                TBoxStatus status = new TBoxStatus();
                Describe(status);
                status.BindPending = _vehicle.BindPending;
                status.BindPhase = _binding.Phase;
                status.BindRejectedReason = _vehicle.RejectedReason;
                status.ImmobiliserHeld = _vehicle.ImmobiliserHeld;
                status.RemoteLock = _vehicle.LockState;
                status.Vehicle = new VehicleReading();
                status.Vehicle.CopyFrom(_sensing.Current);
                return status;
            }
        }

        /// <summary>The vehicle record, and the immobiliser and charge-inlet lock as it says.</summary>
        protected override void OpenBoard(uint uptimeSeconds)
        {
            _vehicle.Open();
            _remoteLock.ApplySaved();
        }

        protected override string BootSummary()
        {
            return _remoteLock.CanRelease ? string.Empty : ", remote lock " + Names.Of(_remoteLock.State);
        }

        /// <summary>Starts the VIN binding check.</summary>
        protected override void Booted()
        {
            _binding.Boot();
        }

        /// <summary>A pending BindRequest goes up; a VehicleReport is due.</summary>
        protected override void CloudConnected()
        {
            _binding.Connected(Link);
            _reporter.Connected();
        }

        /// <summary>The vehicle is read: an armed remote lock engages once safe, a VehicleReport goes up when due; then binding retries.</summary>
        protected override void TickBoard(uint uptimeSeconds)
        {
            _sensing.Read();
            _remoteLock.Tick();
            _reporter.Tick(Link, State.Now);
            _binding.Tick(Link);
        }

        /// <summary>While a remote lock is armed or engaged a start is held back (R3): refused remote-locked.</summary>
        protected override RefusalReason HoldsBack(CommandCode command)
        {
            return command == CommandCode.Start && !_remoteLock.CanRelease ? RefusalReason.RemoteLocked : RefusalReason.Accepted;
        }

        protected override void Actuate(CommandCode command)
        {
            switch (command)
            {
                case CommandCode.Unlock:
                    _parts.Relays.SetDoorsLocked(false);
                    break;
                case CommandCode.Lock:
                    _parts.Relays.SetDoorsLocked(true);
                    break;
                case CommandCode.Start:
                    // Never while a remote lock holds the car: HoldsBack refuses Start then.
                    _parts.Relays.SetImmobiliserEngaged(false);
                    break;
                default:
                    // The verifier refuses codes it does not know; should one get here, nothing moves.
                    Log.Write("accepted command " + Names.Of(command) + " has no actuation on a T-BOX; nothing moved");
                    break;
            }
        }
    }
}
