namespace ShareKey.Protocol.Verification
{
    /// <summary>Whether the door, immobiliser or barrier may have moved because of a command (Tesla's "may have succeeded").</summary>
    public enum Actuation : byte
    {
        /// <summary>The device says, signed, that it carried the command out.</summary>
        Done = 0,

        /// <summary>The device refused; nothing moved (if the refusal is advisory, that is its unproven claim).</summary>
        NotDone = 1,

        /// <summary>The phone cannot tell: look before acting again.</summary>
        Unknown = 2,
    }
}
