using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.Firmware.State
{
    /// <summary>
    /// The two cloud-signed updates a device takes from anyone who carries them — over MQTT or
    /// attached to a phone's Command (docs/protocol.md §4.5, §4.6): a bulletin under K_bulletin and
    /// a time under K_time. A phone can carry them but not forge them. Each is applied only if it is
    /// for this device, moves state forward (newer sequence, later time) and its MAC verifies; the
    /// cheap checks come first so an outdated attachment costs no HMAC.
    /// </summary>
    public sealed class SignedUpdates
    {
        private readonly DeviceKeyState _state;
        private readonly Macs _macs;
        private readonly DeviceSecrets _secrets;

        public SignedUpdates(DeviceKeyState state, Macs macs, DeviceSecrets secrets)
        {
            _state = state;
            _macs = macs;
            _secrets = secrets;
        }

        /// <summary>True when the bulletin was taken; the caller saves the state.</summary>
        public bool ApplyBulletin(BulletinMessage bulletin)
        {
            if (bulletin.DeviceId != _state.DeviceId || bulletin.Sequence <= _state.Bulletin.Sequence)
            {
                return false;
            }

            if (!ConstantTime.Equals(_macs.BulletinMac(_secrets.BulletinKey, bulletin), bulletin.Mac))
            {
                return false;
            }

            return _state.ApplyBulletin(bulletin);
        }

        /// <summary>True when the clock moved; the caller saves the state.</summary>
        public bool ApplyTime(TimeSyncMessage time)
        {
            if (time.DeviceId != _state.DeviceId || time.Time <= _state.Now)
            {
                return false;
            }

            if (!ConstantTime.Equals(_macs.TimeMac(_secrets.TimeKey, time.DeviceId, time.Time), time.Mac))
            {
                return false;
            }

            return _state.Clock.AdvanceTo(time.Time);
        }
    }
}
