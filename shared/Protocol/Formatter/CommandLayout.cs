namespace ShareKey.Protocol.Formatter
{
    /// <summary>Constants of the Command payload (docs/protocol.md §4.2).</summary>
    public static class CommandLayout
    {
        public const int NonceLength = 16;

        /// <summary>Attachment bit: a bulletin body follows the attachment byte.</summary>
        public const byte HasBulletin = 0x01;

        /// <summary>Attachment bit: a signed-time body follows (after the bulletin, if any).</summary>
        public const byte HasTime = 0x02;
    }
}
