using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.Protocol.Verification
{
    /// <summary>
    /// The phone's side of a BLE command, beside the board's <see cref="CommandVerifier"/>
    /// (docs/protocol.md §4.1–§4.3): answers a Challenge with a Command MAC'd under the holder
    /// secret, carrying the newest bulletin and signed time it holds, and judges the Result that comes
    /// back — verified, an unsigned (advisory) refusal, or not the device's word — into a
    /// <see cref="CommandAdvice"/>. Keeps no state between commands; one instance per thread
    /// (<see cref="Macs"/> reuses buffers).
    /// </summary>
    public sealed class CommandSigner
    {
        private readonly Macs _macs;

        public CommandSigner(Macs macs)
        {
            _macs = macs;
        }

        /// <summary>
        /// The Command answering <paramref name="challenge"/>, carrying the bulletin and signed time
        /// the phone holds, whatever the Challenge says (docs/protocol.md §4.2): the Challenge is
        /// unauthenticated, so a relay could make a device look up to date; the device skips, at no
        /// HMAC, a bulletin or time it already has.
        /// </summary>
        public CommandMessage Sign(HeldKey key, ChallengeMessage challenge, CommandCode code, uint messageId)
        {
            return SignWith(key, challenge.DeviceId, challenge.Nonce, code, messageId, key.Bulletin, key.Time);
        }

        /// <summary>A Command for <paramref name="nonce"/> with exactly the given attachments (null for none).</summary>
        public CommandMessage SignWith(HeldKey key, ulong deviceId, byte[] nonce, CommandCode code, uint messageId, BulletinMessage bulletin, TimeSyncMessage time)
        {
            CommandMessage command = new CommandMessage();
            command.MessageId = messageId;
            command.Token = key.Token;
            command.Command = code;
            command.Nonce = nonce;
            command.Bulletin = bulletin;
            command.Time = time;
            command.Mac = _macs.CommandMac(key.HolderSecret, deviceId, command);
            return command;
        }

        /// <summary>Judges the Result the device at <paramref name="deviceId"/> sent for <paramref name="command"/>.</summary>
        public CommandAdvice Check(HeldKey key, ulong deviceId, CommandMessage command, ResultMessage result)
        {
            return CommandAdvice.Of(result, TrustOf(key, deviceId, command, result));
        }

        /// <summary>
        /// Verified when the MAC is the device's under S for this very command; Unsigned for an
        /// all-zero MAC on a refusal a genuine device sends unsigned; Unverified for anything else.
        /// </summary>
        public AnswerTrust TrustOf(HeldKey key, ulong deviceId, CommandMessage command, ResultMessage result)
        {
            // A device that could not decode the command cannot echo its code, so it names unlock (§4.3).
            bool sameCommand = result.Command == command.Command || result.Status == RefusalReason.Malformed;
            if (result.MessageId != command.MessageId || !sameCommand)
            {
                return AnswerTrust.Unverified;
            }

            if (ConstantTime.Equals(_macs.ResultMac(key.HolderSecret, deviceId, command.Nonce, result), result.Mac))
            {
                return AnswerTrust.Verified;
            }

            return IsZero(result.Mac) && IsRefusedBeforeMac(result.Status) ? AnswerTrust.Unsigned : AnswerTrust.Unverified;
        }

        /// <summary>
        /// The refusals a device gives before the command MAC has proven the sender holds S, and so
        /// sends unsigned (§4.3): it signs only for a sender that proved it holds the secret.
        /// </summary>
        public static bool IsRefusedBeforeMac(RefusalReason reason)
        {
            switch (reason)
            {
                case RefusalReason.LockedOut:
                case RefusalReason.Malformed:
                case RefusalReason.TooFar:
                case RefusalReason.WrongDevice:
                case RefusalReason.UnknownEpoch:
                case RefusalReason.StaleNonce:
                case RefusalReason.BadTag:
                case RefusalReason.BadCommandMac:
                    return true;
                default:
                    return false;
            }
        }

        private static bool IsZero(byte[] mac)
        {
            if (mac == null)
            {
                return false;
            }

            int bits = 0;
            for (int i = 0; i < mac.Length; i++)
            {
                bits |= mac[i];
            }

            return bits == 0;
        }
    }
}
