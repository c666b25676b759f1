namespace ShareKey.Protocol
{
    /// <summary>
    /// Why bytes were refused. Every decoder and authenticator in this library reports failure with
    /// one of these inside a <see cref="ProtocolException"/>; docs/protocol.md §7 lists them with the
    /// spec rule each enforces. None of them is worth retrying with the same bytes.
    /// </summary>
    public enum ProtocolError : byte
    {
        /// <summary>Fewer bytes than the layout needs.</summary>
        Truncated = 1,
        /// <summary>Bytes left over after the last field.</summary>
        TrailingBytes = 2,
        /// <summary>The frame's version byte is not one this build speaks.</summary>
        UnsupportedVersion = 3,
        /// <summary>The frame's type byte names no message, or a message not allowed on this channel.</summary>
        UnknownMessageType = 4,
        /// <summary>The frame's length field disagrees with the bytes supplied.</summary>
        LengthMismatch = 5,
        /// <summary>A field holds a value outside its allowed range.</summary>
        FieldOutOfRange = 6,
        /// <summary>The frame is larger than the channel allows.</summary>
        TooLarge = 7,
        /// <summary>A MAC did not verify: link frame, key wrap, bulletin or signed time.</summary>
        BadMac = 8,
        /// <summary>A caller passed an argument that breaks the API contract (never from the wire).</summary>
        InvalidArgument = 9,
    }
}
