using ShareKey.Protocol.Messages;

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

        /// <summary>The attachment byte for what the command carries.</summary>
        public static byte AttachmentsOf(CommandMessage command)
        {
            byte attachments = 0;
            if (command.Bulletin != null)
            {
                attachments |= HasBulletin;
            }

            if (command.Time != null)
            {
                attachments |= HasTime;
            }

            return attachments;
        }
    }
}
