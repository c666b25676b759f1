using ShareKey.Protocol.Messages;

namespace ShareKey.Protocol.Verification
{
    /// <summary>
    /// The one place that decides what a phone attaches to a Command (docs/protocol.md §4.2): the
    /// bulletin when it is newer than the one the Challenge says the device applied, the signed time
    /// when it is later than the device's clock — or both whenever the user asks to carry them.
    /// Carrying something the device already has costs bytes, never correctness: the device applies
    /// a bulletin by sequence and a time only forward.
    /// </summary>
    public static class CarryPolicy
    {
        /// <summary>The bulletin to attach, or null.</summary>
        public static BulletinMessage BulletinFor(HeldKey key, ChallengeMessage challenge, bool always)
        {
            BulletinMessage bulletin = key.Bulletin;
            if (bulletin == null || (!always && bulletin.Sequence <= challenge.BulletinSequence))
            {
                return null;
            }

            return bulletin;
        }

        /// <summary>The signed time to attach, or null.</summary>
        public static TimeSyncMessage TimeFor(HeldKey key, ChallengeMessage challenge, bool always)
        {
            TimeSyncMessage time = key.Time;
            if (time == null || (!always && time.Time <= challenge.DeviceTime))
            {
                return null;
            }

            return time;
        }
    }
}
