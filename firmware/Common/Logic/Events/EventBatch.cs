using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Events
{
    /// <summary>
    /// The oldest events of the log as one Event message, and where they sit in the log, so that
    /// <see cref="EventLog.Confirm"/> removes exactly these once the cloud has them — even if newer
    /// events were logged, or the oldest overwritten, in between.
    /// </summary>
    public sealed class EventBatch
    {
        public EventBatch(uint firstIndex, EventMessage message)
        {
            FirstIndex = firstIndex;
            Message = message;
        }

        /// <summary>The running number of the batch's first event (every event logged gets the next one).</summary>
        public uint FirstIndex { get; }

        /// <summary>The Event message to publish; its message id is the uplink's to assign.</summary>
        public EventMessage Message { get; }
    }
}
