using ShareKey.Firmware.Diagnostics;
using ShareKey.Firmware.Downlink;
using ShareKey.Firmware.State;
using ShareKey.Firmware.TBox.Hardware;
using ShareKey.Firmware.TBox.Vehicle;
using ShareKey.Firmware.Uplink;
using ShareKey.Protocol.Identity;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.TBox.Binding
{
    /// <summary>
    /// Binding the VIN to the modem's IMSI (R4), once per assembly or part replacement:
    /// <list type="number">
    /// <item>At boot the modem's IMSI is compared with the one saved; none saved, or another one,
    /// sets "bind pending" (saved at once, so a power cut cannot lose it).</item>
    /// <item>While pending, the VIN is read from the PEPS module and checked (length, alphabet,
    /// check digit); an invalid or missing read is logged and read again after
    /// <see cref="ReadRetrySeconds"/>.</item>
    /// <item>A BindRequest (VIN, IMSI) goes up on connect and again with doubling backoff
    /// (<see cref="FirstRetrySeconds"/> up to <see cref="MaxRetrySeconds"/>), each with a new
    /// message id so the cloud's de-duplication never swallows a retry.</item>
    /// <item>Bound, confirmed or rebound clears the flag (saved before the Ack). Rejected keeps it,
    /// saves the VIN and reason, and sends nothing more until a fresh VIN read, which happens after
    /// <see cref="RejectedPauseSeconds"/> or at the next boot — a rejection is a fact about the
    /// car or the cloud's policy, which a retry minutes later would not change.</item>
    /// </list>
    /// Not thread-safe: the controller calls it under its lock.
    /// </summary>
    public sealed class VinBinding : IBindResultHandler
    {
        public const uint ReadRetrySeconds = 60;
        public const uint FirstRetrySeconds = 15;
        public const uint MaxRetrySeconds = 900;
        public const uint RejectedPauseSeconds = 6 * 3600;

        private readonly VehicleRecord _vehicle;
        private readonly IPepsModule _peps;
        private readonly IModem _modem;
        private readonly IClock _uptime;
        private readonly IDeviceLog _log;
        private uint _dueAt;
        private uint _retryDelay;

        public VinBinding(VehicleRecord vehicle, IPepsModule peps, IModem modem, IClock uptime, IDeviceLog log)
        {
            _vehicle = vehicle;
            _peps = peps;
            _modem = modem;
            _uptime = uptime;
            _log = log;
        }

        public BindPhase Phase { get; private set; }

        /// <summary>The valid VIN read this boot; null until one was read.</summary>
        public string Vin { get; private set; }

        /// <summary>BindRequests sent for the current VIN read.</summary>
        public int Attempts { get; private set; }

        /// <summary>After the vehicle record is opened: check the modem and start binding if pending.</summary>
        public void Boot()
        {
            Phase = BindPhase.WaitingForModem;
            _dueAt = _uptime.UptimeSeconds;
            CheckModem();
        }

        /// <summary>The MQTT session came up: a pending request goes now rather than at its backoff time.</summary>
        public void Connected(CloudLink link)
        {
            if (Phase == BindPhase.Requesting)
            {
                _dueAt = _uptime.UptimeSeconds;
                Tick(link);
            }
        }

        /// <summary>Does whatever is due: ask the modem, read the VIN, send a request, end a rejection pause.</summary>
        public void Tick(CloudLink link)
        {
            uint now = _uptime.UptimeSeconds;
            if ((int)(now - _dueAt) < 0)
            {
                return;
            }

            switch (Phase)
            {
                case BindPhase.WaitingForModem:
                    CheckModem();
                    break;
                case BindPhase.ReadingVin:
                    ReadVin();
                    break;
                case BindPhase.Rejected:
                    Phase = BindPhase.ReadingVin;
                    ReadVin();
                    break;
            }

            if (Phase == BindPhase.Requesting && (int)(now - _dueAt) >= 0 && link.IsOnline)
            {
                SendRequest(link);
            }
        }

        public AckStatus Apply(BindResultMessage message)
        {
            if (!_vehicle.BindPending)
            {
                // A resend or a late answer to a request already settled.
                return AckStatus.Applied;
            }

            if (message.Outcome == BindOutcome.Rejected)
            {
                _vehicle.RejectedReason = message.Reason;
                _vehicle.RejectedVin = message.Vin;
                _vehicle.Save();
                Phase = BindPhase.Rejected;
                _dueAt = _uptime.UptimeSeconds + RejectedPauseSeconds;
                _log.Write("VIN binding rejected for " + message.Vin + ", reason " + message.Reason.ToString() + "; trying again after a fresh VIN read");
                return AckStatus.Applied;
            }

            if (Vin != null && message.Vin != Vin)
            {
                _log.Write("bind result for " + message.Vin + " ignored: this car's VIN is " + Vin);
                return AckStatus.Refused;
            }

            _vehicle.BindPending = false;
            _vehicle.RejectedReason = 0;
            _vehicle.RejectedVin = null;
            _vehicle.Save();
            Phase = BindPhase.Idle;
            _log.Write("VIN " + message.Vin + " " + Names.Of(message.Outcome) + " to IMSI " + _vehicle.Imsi);
            return AckStatus.Applied;
        }

        private void CheckModem()
        {
            string imsi = _modem.ReadImsi();
            if (imsi == null || Imsi.Check(imsi) != IdentityProblem.None)
            {
                _log.Write(imsi == null ? "modem: no IMSI yet" : "modem: invalid IMSI " + imsi);
                _dueAt = _uptime.UptimeSeconds + ReadRetrySeconds;
                return;
            }

            if (imsi != _vehicle.Imsi)
            {
                _log.Write(_vehicle.Imsi == null ? "first boot: VIN binding pending" : "modem replaced (IMSI " + _vehicle.Imsi + " -> " + imsi + "): VIN binding pending");
                _vehicle.Imsi = imsi;
                _vehicle.BindPending = true;
                _vehicle.RejectedReason = 0;
                _vehicle.RejectedVin = null;
                _vehicle.Save();
            }

            Phase = _vehicle.BindPending ? BindPhase.ReadingVin : BindPhase.Idle;
            _dueAt = _uptime.UptimeSeconds;
            if (Phase == BindPhase.ReadingVin)
            {
                ReadVin();
            }
        }

        private void ReadVin()
        {
            string vin = _peps.ReadVin();
            IdentityProblem problem = vin == null ? IdentityProblem.VinLength : ShareKey.Protocol.Identity.Vin.Check(vin);
            if (problem != IdentityProblem.None)
            {
                _log.Write(vin == null ? "PEPS: no VIN" : "PEPS: invalid VIN " + vin + " (problem " + ((byte)problem).ToString() + ")");
                _dueAt = _uptime.UptimeSeconds + ReadRetrySeconds;
                return;
            }

            Vin = vin;
            Attempts = 0;
            _retryDelay = FirstRetrySeconds;
            Phase = BindPhase.Requesting;
            _dueAt = _uptime.UptimeSeconds;
        }

        private void SendRequest(CloudLink link)
        {
            BindRequestMessage request = new BindRequestMessage();
            request.Vin = Vin;
            request.Imsi = _vehicle.Imsi;
            if (!link.Send(request))
            {
                return;
            }

            Attempts++;
            _log.Write("bind request #" + Attempts.ToString() + " sent: VIN " + Vin + ", IMSI " + _vehicle.Imsi);
            _dueAt = _uptime.UptimeSeconds + _retryDelay;
            _retryDelay = _retryDelay >= MaxRetrySeconds / 2 ? MaxRetrySeconds : _retryDelay * 2;
        }
    }
}
