using ShareKey.Firmware.Downlink;
using ShareKey.Firmware.State;
using ShareKey.Firmware.TBox.Hardware;
using ShareKey.Firmware.Uplink;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.TBox.Vehicle
{
    /// <summary>
    /// Sends the VehicleReport (docs/protocol.md §4.15): on every connect, whenever something the
    /// owner acts on changes — the state of charge (whole percent), the cable, the ignition, moving
    /// or not, the remote lock — and every <see cref="PeriodSeconds"/> otherwise (speed alone changes
    /// too often to be a reason). A report is a snapshot: one that could not go out is replaced by the
    /// next, nothing is queued. A ReportRequest (§4.16) makes one due at the next tick, so the cloud
    /// reads the car between periods.
    /// </summary>
    public sealed class VehicleReporter : IReportRequestHandler
    {
        public const uint PeriodSeconds = 60;

        private readonly VehicleSensing _sensing;
        private readonly VehicleRecord _vehicle;
        private readonly IClock _uptime;
        private readonly VehicleReading _reported = new VehicleReading();
        private RemoteLockState _reportedLock;
        private uint _reportedAt;
        private bool _due = true;

        public VehicleReporter(VehicleSensing sensing, VehicleRecord vehicle, IClock uptime)
        {
            _sensing = sensing;
            _vehicle = vehicle;
            _uptime = uptime;
        }

        /// <summary>Connected: the cloud hears the car's state at once.</summary>
        public void Connected()
        {
            _due = true;
        }

        /// <summary>Asked by the cloud: the next tick sends the report (called with the gate held, so nothing is sent from here).</summary>
        public AckStatus ReportNow()
        {
            _due = true;
            return AckStatus.Applied;
        }

        /// <summary>Once a tick, after the vehicle was read and the remote lock had its turn.</summary>
        public void Tick(CloudLink link, uint deviceTime)
        {
            VehicleReading current = _sensing.Current;
            uint now = _uptime.UptimeSeconds;
            bool due = _due || Changed(current) || now - _reportedAt >= PeriodSeconds;
            if (!due || !link.Send(Report(current, deviceTime)))
            {
                return;
            }

            _reported.CopyFrom(current);
            _reportedLock = _vehicle.LockState;
            _reportedAt = now;
            _due = false;
        }

        private bool Changed(VehicleReading current)
        {
            return current.StateOfCharge != _reported.StateOfCharge
                || current.Cable != _reported.Cable
                || current.Ignition != _reported.Ignition
                || (current.SpeedKmh > 0) != (_reported.SpeedKmh > 0)
                || _vehicle.LockState != _reportedLock;
        }

        private VehicleReportMessage Report(VehicleReading current, uint deviceTime)
        {
            VehicleReportMessage report = new VehicleReportMessage();
            report.DeviceTime = deviceTime;
            report.StateOfCharge = current.StateOfCharge < 0 ? VehicleReportMessage.Unknown : (byte)current.StateOfCharge;
            report.Cable = current.Cable;
            report.SpeedKmh = current.SpeedKmh < 0 || current.SpeedKmh >= VehicleReportMessage.UnknownSpeed ? VehicleReportMessage.UnknownSpeed : (ushort)current.SpeedKmh;
            report.Ignition = current.Ignition < 0 ? VehicleReportMessage.Unknown : (byte)current.Ignition;
            report.RemoteLock = _vehicle.LockState;
            report.Outputs = _vehicle.LockState == RemoteLockState.Engaged
                ? (byte)(VehicleReportMessage.ImmobiliserFlag | VehicleReportMessage.InletLockFlag)
                : (byte)0;
            report.LockMessageId = _vehicle.LockMessageId;
            return report;
        }
    }
}
