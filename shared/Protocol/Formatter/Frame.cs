namespace ShareKey.Protocol.Formatter
{
    /// <summary>
    /// Frame layout (docs/protocol.md §2): version (1) ‖ type (1) ‖ message id (4) ‖ payload length (2)
    /// ‖ payload ‖ link MAC (16, MQTT frames only). Big-endian throughout.
    /// </summary>
    public static class Frame
    {
        public const byte Version = 1;
        public const int HeaderLength = 8;
        public const int LinkMacLength = 16;

        /// <summary>The largest payload any frame may carry; keeps the board's buffers bounded.</summary>
        public const int MaxPayloadLength = 1536;

        /// <summary>One GATT attribute value; BLE frames must fit in a single write or notification.</summary>
        public const int MaxBleFrameLength = 512;

        /// <summary>High nibble of the types that travel cloud to device (<c>sk/{id}/down</c>).</summary>
        public const byte DownTypes = 0x10;

        /// <summary>High nibble of the types that travel device to cloud (<c>sk/{id}/up</c>).</summary>
        public const byte UpTypes = 0x20;

        /// <summary>True for the types that travel over MQTT and therefore carry a link MAC.</summary>
        public static bool IsLinkType(byte type)
        {
            return type >= 0x10;
        }
    }
}
