using ShareKey.Firmware.Diagnostics;
using ShareKey.Firmware.Downlink;
using ShareKey.Firmware.Events;
using ShareKey.Firmware.State;
using ShareKey.Protocol;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.Firmware.Uplink
{
    /// <summary>
    /// The device's MQTT session logic, the same on both boards (docs/architecture.md §5, docs/protocol.md
    /// §4.10–§4.12): down frames are authenticated with <c>K_link-down</c>, handled by the
    /// <see cref="DownlinkHandler"/> and answered with an Ack; up frames get a fresh id from
    /// <see cref="UplinkIds"/> and a link MAC under <c>K_link-up</c>. On every connect, and
    /// whenever the keys change, a KeyReport goes up (R1.4); the event log is drained one batch at
    /// a time, each batch removed from the log only when the cloud's EventReceipt says it is stored
    /// (a broker's PUBACK is not enough: a broker or service that crashes loses what it only held),
    /// and published again (same frame, same id) after a reconnect or <see cref="EventResendSeconds"/>
    /// without a receipt. Not thread-safe: the board logic calls it under its own lock.
    /// </summary>
    public sealed class CloudLink
    {
        public const uint EventResendSeconds = 30;

        private readonly DeviceKeyState _state;
        private readonly EventLog _events;
        private readonly DownlinkHandler _downlink;
        private readonly DeviceSecrets _secrets;
        private readonly UplinkIds _ids;
        private readonly IUplink _uplink;
        private readonly IClock _uptime;
        private readonly IDeviceLog _log;
        private readonly MessageDecoder _decoder;
        private readonly MessageEncoder _encoder;
        private bool _online;
        private bool _reportDue;
        private EventsInFlight _inFlight;

        public CloudLink(DeviceKeyState state, EventLog events, DownlinkHandler downlink, Macs macs, DeviceSecrets secrets,
            UplinkIds ids, IUplink uplink, IClock uptime, IDeviceLog log)
        {
            _state = state;
            _events = events;
            _downlink = downlink;
            _secrets = secrets;
            _ids = ids;
            _uplink = uplink;
            _uptime = uptime;
            _log = log;
            _decoder = new MessageDecoder(macs);
            _encoder = new MessageEncoder(macs);
        }

        public bool IsOnline
        {
            get { return _online; }
        }

        /// <summary>The connection is up and subscribed to the down topic: report the keys, then drain events.</summary>
        public void Connected()
        {
            _online = true;
            _reportDue = true;
            if (_inFlight != null)
            {
                // Sent on the old connection and never receipted: the same frame again.
                _inFlight.SentAt = _uptime.UptimeSeconds - EventResendSeconds;
            }

            Pump();
        }

        public void Disconnected()
        {
            _online = false;
        }

        /// <summary>
        /// One message from the down topic. A frame that does not decode or authenticate is dropped
        /// unread (logged); an EventReceipt settles the batch in flight; anything else is handled and
        /// acknowledged. Returns the message handled, or null if it was dropped.
        /// </summary>
        public Message Receive(byte[] frame, int offset, int count)
        {
            Message message;
            try
            {
                message = _decoder.DecodeDown(frame, offset, count, _secrets.LinkDownKey);
            }
            catch (ProtocolException e)
            {
                _log.Write("down frame dropped: " + e.Message);
                return null;
            }

            if (message.Type == MessageType.EventReceipt)
            {
                Stored((EventReceiptMessage)message);
                return message;
            }

            AckMessage ack = _downlink.Handle(message);
            _log.Write(message.ToString() + " -> " + Names.Of(ack.Status));
            Send(ack);
            if (ack.Status == AckStatus.Applied && ChangesKeys(message.Type))
            {
                _reportDue = true;
            }

            Pump();
            return message;
        }

        /// <summary>Epochs, bulletin or uses changed (an accepted command, a down message): a KeyReport goes up when online.</summary>
        public void KeysChanged()
        {
            _reportDue = true;
            Pump();
        }

        /// <summary>Publishes <paramref name="message"/> with the next uplink id; false (nothing sent, no id used) when offline.</summary>
        public bool Send(Message message)
        {
            if (!_online)
            {
                return false;
            }

            message.MessageId = _ids.Next();
            return _uplink.Publish(message.MessageId, _encoder.Encode(message, _secrets.LinkUpKey));
        }

        /// <summary>Sends what is due: a KeyReport, the next Event batch, an unreceipted batch again.</summary>
        public void Pump()
        {
            if (!_online)
            {
                return;
            }

            if (_reportDue && Send(_state.ToKeyReport(_events.Newest(KeyReportMessage.MaxEvents))))
            {
                _reportDue = false;
            }

            uint now = _uptime.UptimeSeconds;
            if (_inFlight == null)
            {
                EventBatch batch = _events.PeekBatch();
                if (batch == null)
                {
                    return;
                }

                batch.Message.MessageId = _ids.Next();
                _inFlight = new EventsInFlight(batch, batch.Message.MessageId, _encoder.Encode(batch.Message, _secrets.LinkUpKey), now);
                _uplink.Publish(_inFlight.MessageId, _inFlight.Frame);
            }
            else if (now - _inFlight.SentAt >= EventResendSeconds)
            {
                _inFlight.SentAt = now;
                _uplink.Publish(_inFlight.MessageId, _inFlight.Frame);
            }
        }

        /// <summary>
        /// The cloud stored the batch with this id: it leaves the log. A receipt naming another id or
        /// another count (an old one replayed, one for a batch already settled) changes nothing.
        /// </summary>
        private void Stored(EventReceiptMessage receipt)
        {
            if (_inFlight == null || _inFlight.MessageId != receipt.MessageId || _inFlight.Batch.Message.Events.Length != receipt.Count)
            {
                _log.Write(receipt.ToString() + " -> not the batch in flight; ignored");
                return;
            }

            _log.Write(receipt.ToString() + " -> stored; the batch leaves the log");
            _events.Confirm(_inFlight.Batch);
            _inFlight = null;
            Pump();
        }

        private static bool ChangesKeys(MessageType type)
        {
            return type == MessageType.Rotate || type == MessageType.Commit || type == MessageType.Bulletin;
        }
    }
}
