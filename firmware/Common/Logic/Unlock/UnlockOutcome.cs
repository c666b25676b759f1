using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Unlock
{
    /// <summary>What came of one Command: whether to actuate, the Result to notify, the event logged.</summary>
    public sealed class UnlockOutcome
    {
        public UnlockOutcome(ResultMessage result, byte[] resultFrame, EventRecord loggedEvent)
        {
            Result = result;
            ResultFrame = resultFrame;
            Event = loggedEvent;
        }

        public RefusalReason Reason
        {
            get { return Result.Status; }
        }

        /// <summary>True when the board must now carry out <see cref="Command"/>; its use is already on flash.</summary>
        public bool Accepted
        {
            get { return Result.Status == RefusalReason.Accepted; }
        }

        public CommandCode Command
        {
            get { return Result.Command; }
        }

        public ResultMessage Result { get; }

        /// <summary>The Result as the BLE frame to notify.</summary>
        public byte[] ResultFrame { get; }

        /// <summary>The event logged for this command; null when none was (refusals during a lock-out are not logged one by one).</summary>
        public EventRecord Event { get; }
    }
}
