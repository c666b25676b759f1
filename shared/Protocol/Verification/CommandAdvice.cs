using ShareKey.Protocol.Messages;

namespace ShareKey.Protocol.Verification
{
    /// <summary>
    /// What a phone makes of one Command's outcome, as data rather than prose: what the device
    /// answered, how far that answer can be believed, whether anything may have moved, what the
    /// user can do, and whether trying again can help. An app renders it in its own words.
    /// </summary>
    public sealed class CommandAdvice
    {
        private CommandAdvice(CommandCode command, RefusalReason reason, AnswerTrust trust, Actuation actuation, Remedy remedy, ushort remainingUses)
        {
            Command = command;
            Reason = reason;
            Trust = trust;
            Actuation = actuation;
            Remedy = remedy;
            RemainingUses = remainingUses;
        }

        public CommandCode Command { get; }

        /// <summary>The status the answer gives (accepted or one refusal reason); meaningless when <see cref="Trust"/> is <see cref="AnswerTrust.NoAnswer"/>.</summary>
        public RefusalReason Reason { get; }

        public AnswerTrust Trust { get; }

        public Actuation Actuation { get; }

        public Remedy Remedy { get; }

        /// <summary>Counted uses left, from a verified answer; <see cref="ResultMessage.UnlimitedUses"/> for keys without a limit, 0 otherwise.</summary>
        public ushort RemainingUses { get; }

        /// <summary>True only for an acceptance the device signed: the one outcome a phone may report as done.</summary>
        public bool Accepted
        {
            get { return Actuation == Actuation.Done; }
        }

        /// <summary>True when the advice rests on an answer that is not the device's proven word: an attacker could have sent it.</summary>
        public bool Advisory
        {
            get { return Trust != AnswerTrust.Verified; }
        }

        /// <summary>True when sending again (after the remedy, with the same key) may succeed — Tesla's "temporary".</summary>
        public bool RetryMayHelp
        {
            get
            {
                return Remedy == Remedy.RetryNow || Remedy == Remedy.MoveCloser || Remedy == Remedy.Wait || Remedy == Remedy.CheckAsset;
            }
        }

        /// <summary>Advice for a Result already judged <paramref name="trust"/> (<see cref="AnswerTrust.NoAnswer"/> is <see cref="NoAnswer"/>).</summary>
        public static CommandAdvice Of(ResultMessage result, AnswerTrust trust)
        {
            if (trust == AnswerTrust.Unverified)
            {
                return new CommandAdvice(result.Command, result.Status, trust, Actuation.Unknown, Remedy.CheckAsset, 0);
            }

            if (result.Status == RefusalReason.Accepted)
            {
                return new CommandAdvice(result.Command, result.Status, trust, Actuation.Done, Remedy.None, result.RemainingUses);
            }

            return new CommandAdvice(result.Command, result.Status, trust, Actuation.NotDone, RemedyFor(result.Status), trust == AnswerTrust.Verified ? result.RemainingUses : (ushort)0);
        }

        /// <summary>The command went out and nothing came back: the device may or may not have carried it out.</summary>
        public static CommandAdvice NoAnswer(CommandCode command)
        {
            return new CommandAdvice(command, RefusalReason.Accepted, AnswerTrust.NoAnswer, Actuation.Unknown, Remedy.CheckAsset, 0);
        }

        /// <summary>The remedy for each refusal reason; an unknown reason (a newer device) gets none that could make things worse.</summary>
        public static Remedy RemedyFor(RefusalReason reason)
        {
            switch (reason)
            {
                case RefusalReason.Accepted: return Remedy.None;
                case RefusalReason.StaleNonce: return Remedy.RetryNow;
                case RefusalReason.TooFar: return Remedy.MoveCloser;
                case RefusalReason.LockedOut: return Remedy.Wait;
                case RefusalReason.NotYetValid: return Remedy.Wait;
                case RefusalReason.SpaceOccupied: return Remedy.Wait;
                case RefusalReason.UnknownEpoch: return Remedy.FetchKey;
                case RefusalReason.BadTag: return Remedy.FetchKey;
                case RefusalReason.BadCommandMac: return Remedy.FetchKey;
                case RefusalReason.Expired: return Remedy.FetchKey;
                case RefusalReason.UsesExhausted: return Remedy.FetchKey;
                case RefusalReason.Superseded: return Remedy.FetchKey;
                case RefusalReason.WrongDevice: return Remedy.PickOtherKey;
                case RefusalReason.Revoked: return Remedy.AskOwner;
                case RefusalReason.RemoteLocked: return Remedy.AskOwner;
                case RefusalReason.ParentRevoked: return Remedy.AskSharer;
                case RefusalReason.Frozen: return Remedy.AskManager;
                case RefusalReason.Malformed: return Remedy.ReportBug;
                default: return Remedy.NotAllowed;
            }
        }
    }
}
