using ShareKey.Firmware.Board;
using ShareKey.Firmware.Configuration;
using ShareKey.Firmware.Storage;
using ShareKey.Firmware.TBox.Binding;
using ShareKey.Firmware.TBox.Vehicle;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.TBox
{
    /// <summary>
    /// The T-BOX: the shared board core (<see cref="BoardController"/>: keys, unlock session, event
    /// log, cloud link) with the T-BOX's own parts — VIN binding, remote lock, relays (README.md has
    /// the table of board events). The device layer calls <see cref="BoardController.Tick"/> about
    /// once a second.
    /// </summary>
    public sealed class TBoxController : BoardController
    {
        private readonly TBoxParts _parts;
        private readonly VehicleRecord _vehicle;
        private readonly VinBinding _binding;
        private readonly RemoteLockPart _remoteLock;

        /// <summary>Builds the T-BOX from its configuration file and parts; touches no hardware until <see cref="BoardController.Boot"/>.</summary>
        public TBoxController(BoardConfig config, TBoxParts parts)
            : base(config, parts, parts.Uptime, DeviceKind.TBox, "T-BOX")
        {
            _parts = parts;
            _vehicle = new VehicleRecord(new DurableRecord(parts.VehicleFlash));
            _binding = new VinBinding(_vehicle, parts.Peps, parts.Modem, parts.Uptime, parts.Log);
            _remoteLock = new RemoteLockPart(_vehicle, parts.Relays, Events, State, parts.Log);
            Attach(_remoteLock, _binding, CommandVerifier.AllCommands);
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
                return status;
            }
        }

        /// <summary>The vehicle record, and the immobiliser as it says.</summary>
        protected override void OpenBoard(uint uptimeSeconds)
        {
            _vehicle.Open();
            _remoteLock.ApplySaved();
        }

        protected override string BootSummary()
        {
            return _vehicle.ImmobiliserHeld ? ", immobiliser held" : string.Empty;
        }

        /// <summary>Starts the VIN binding check.</summary>
        protected override void Booted()
        {
            _binding.Boot();
        }

        /// <summary>A pending BindRequest goes up.</summary>
        protected override void CloudConnected()
        {
            _binding.Connected(Link);
        }

        /// <summary>Binding retries.</summary>
        protected override void TickBoard(uint uptimeSeconds)
        {
            _binding.Tick(Link);
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
                    if (_remoteLock.CanRelease)
                    {
                        _parts.Relays.SetImmobiliserEngaged(false);
                    }
                    else
                    {
                        Log.Write("start accepted, but the immobiliser stays engaged: a remote lock holds it");
                    }

                    break;
                default:
                    // The verifier refuses codes it does not know; should one get here, nothing moves.
                    Log.Write("accepted command " + Names.Of(command) + " has no actuation on a T-BOX; nothing moved");
                    break;
            }
        }
    }
}
