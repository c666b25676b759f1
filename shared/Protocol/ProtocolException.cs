using System;

namespace ShareKey.Protocol
{
    /// <summary>
    /// The only exception this library throws for bad input. <see cref="Error"/> is stable and
    /// machine-readable; the message names the spec rule (docs/protocol.md) that was broken.
    /// Nothing was applied when it is thrown, and resending the same bytes will fail the same way.
    /// </summary>
    public class ProtocolException : Exception
    {
        public ProtocolException(ProtocolError error, string message)
            : base(message)
        {
            Error = error;
        }

        public ProtocolError Error { get; }
    }
}
