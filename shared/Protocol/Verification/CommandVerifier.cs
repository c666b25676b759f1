using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tokens;

namespace ShareKey.Protocol.Verification
{
    /// <summary>
    /// Decides whether a Command may be carried out (docs/architecture.md §4, docs/protocol.md §6). Runs on
    /// the boards and in the host simulator alike. Cheap structural checks come first, then the
    /// nonce is consumed, then the MACs; the semantic checks (standing, time, permission, uses) look
    /// only at authenticated fields, so an altered token is always "bad-tag", never e.g. "expired".
    /// An accepted unlock costs 3 HMACs here and 1 more to sign the Result.
    /// </summary>
    public sealed class CommandVerifier
    {
        /// <summary>Every command a device can carry out: unlock, lock and start (a car).</summary>
        public const Permissions AllCommands = Permissions.Unlock | Permissions.Lock | Permissions.Start;

        private readonly Macs _macs;
        private readonly Permissions _commands;

        public CommandVerifier(Macs macs)
            : this(macs, AllCommands)
        {
        }

        /// <param name="commands">
        /// The commands this device carries out (a parking lock: unlock and lock). Any other is
        /// refused not-permitted, like a token without the permission, so a key issued with "start"
        /// cannot make a lock count a use for a command it has no part for.
        /// </param>
        public CommandVerifier(Macs macs, Permissions commands)
        {
            _macs = macs;
            _commands = commands;
        }

        public Verdict Verify(IVerifierState state, CommandMessage command)
        {
            KeyToken token = command.Token;
            if (state.IsLockedOut(token.KeyId))
            {
                return Refuse(RefusalReason.LockedOut, token);
            }

            if (token.DeviceId != state.DeviceId)
            {
                return Refuse(RefusalReason.WrongDevice, token);
            }

            byte[] epochKey = state.EpochKey(token.Epoch);
            if (epochKey == null)
            {
                return Refuse(RefusalReason.UnknownEpoch, token);
            }

            if (!state.ConsumeNonce(command.Nonce))
            {
                return Refuse(RefusalReason.StaleNonce, token);
            }

            if (!ConstantTime.Equals(_macs.TokenTag(epochKey, token), token.Tag))
            {
                return Refuse(RefusalReason.BadTag, token);
            }

            byte[] holderSecret = _macs.HolderSecret(epochKey, token.DeviceId, token.KeyId);
            byte[] mac = _macs.CommandMac(holderSecret, state.DeviceId, command);
            if (!ConstantTime.Equals(mac, command.Mac))
            {
                return Refuse(RefusalReason.BadCommandMac, token);
            }

            bool counted = command.Command != CommandCode.Lock;
            int used = state.UsesOf(token.KeyId);
            ushort remaining = Remaining(token, used, false);
            RefusalReason reason = Judge(state, token, command.Command, counted, used);
            if (reason == RefusalReason.Accepted)
            {
                remaining = Remaining(token, used, counted);
            }

            Verdict verdict = new Verdict(reason, token, holderSecret, remaining);
            verdict.IsCounted = reason == RefusalReason.Accepted && counted;
            return verdict;
        }

        /// <summary>Builds and signs the Result for a verdict (the fourth HMAC of an accepted unlock).</summary>
        public ResultMessage SignResult(Verdict verdict, ulong deviceId, CommandMessage command, uint messageId, uint deviceTime)
        {
            ResultMessage result = new ResultMessage();
            result.MessageId = messageId;
            result.Status = verdict.Reason;
            result.Command = command.Command;
            result.RemainingUses = verdict.RemainingUses;
            result.DeviceTime = deviceTime;
            result.Mac = verdict.HolderSecret == null
                ? new byte[Macs.MacLength]
                : _macs.ResultMac(verdict.HolderSecret, deviceId, command.Nonce, result);
            return result;
        }

        private RefusalReason Judge(IVerifierState state, KeyToken token, CommandCode command, bool counted, int used)
        {
            KeyStanding standing = state.StandingOf(token.KeyId);
            if (standing == KeyStanding.Revoked || standing == KeyStanding.Transferred)
            {
                return RefusalReason.Revoked;
            }

            // A parent that transferred its right voids its co-use shares but not the transfer share itself (R2.6).
            KeyStanding parentStanding = token.ParentKeyId == 0 ? KeyStanding.Good : state.StandingOf(token.ParentKeyId);
            bool transferShare = (token.Flags & TokenFlags.TransferFromParent) != 0;
            if (parentStanding == KeyStanding.Revoked || (parentStanding == KeyStanding.Transferred && !transferShare))
            {
                return RefusalReason.ParentRevoked;
            }

            if (standing == KeyStanding.Frozen || parentStanding == KeyStanding.Frozen)
            {
                return RefusalReason.Frozen;
            }

            if (state.IsSuperseded(token))
            {
                return RefusalReason.Superseded;
            }

            uint now = state.Now;
            if (now < token.NotBefore)
            {
                return RefusalReason.NotYetValid;
            }

            if (now >= token.NotAfter)
            {
                return RefusalReason.Expired;
            }

            if ((token.Permissions & _commands & PermissionFor(command)) == 0)
            {
                return RefusalReason.NotPermitted;
            }

            if (counted && token.MaxUses != 0 && used >= token.MaxUses)
            {
                return RefusalReason.UsesExhausted;
            }

            return RefusalReason.Accepted;
        }

        /// <summary>The permission a token needs for <paramref name="command"/>; none for a code this version does not know.</summary>
        public static Permissions PermissionFor(CommandCode command)
        {
            switch (command)
            {
                case CommandCode.Unlock: return Permissions.Unlock;
                case CommandCode.Lock: return Permissions.Lock;
                case CommandCode.Start: return Permissions.Start;

                // A code this version does not know needs a permission no token has: refused, never read as the strongest.
                default: return Permissions.None;
            }
        }

        private static ushort Remaining(KeyToken token, int used, bool includingThis)
        {
            if (token.MaxUses == 0)
            {
                return ResultMessage.UnlimitedUses;
            }

            int left = token.MaxUses - used - (includingThis ? 1 : 0);
            return left <= 0 ? (ushort)0 : (ushort)left;
        }

        private static Verdict Refuse(RefusalReason reason, KeyToken token)
        {
            return new Verdict(reason, token, null, 0);
        }
    }
}
