using ShareKey.Protocol.Tokens;

namespace ShareKey.Protocol.Verification
{
    /// <summary>The verifier's answer: accept or one precise reason, plus what the device needs to act and reply.</summary>
    public sealed class Verdict
    {
        public Verdict(RefusalReason reason, KeyToken token, byte[] holderSecret, ushort remainingUses)
        {
            Reason = reason;
            Token = token;
            HolderSecret = holderSecret;
            RemainingUses = remainingUses;
        }

        public RefusalReason Reason { get; }

        public bool Accepted
        {
            get { return Reason == RefusalReason.Accepted; }
        }

        /// <summary>The decoded token; null when the command did not decode.</summary>
        public KeyToken Token { get; }

        /// <summary>Set once the token's tag and the command MAC verified; signs the Result. Null otherwise: the Result goes out unsigned.</summary>
        public byte[] HolderSecret { get; }

        /// <summary>Counted uses left if this command is carried out; <c>ResultMessage.UnlimitedUses</c> for keys without a limit.</summary>
        public ushort RemainingUses { get; }

        /// <summary>True when carrying out the command must be recorded as one use of the key.</summary>
        public bool IsCounted { get; set; }
    }
}
