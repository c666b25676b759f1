using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Messages;

namespace ShareKey.Protocol.Tokens
{
    /// <summary>
    /// The e-key a phone holds: who may do what on which device, when and how often, tagged by the
    /// cloud under the device's epoch key. Not secret — a token without its holder secret is
    /// useless — but unforgeable: every field is covered by <see cref="Tag"/>. 65 bytes on the wire.
    /// </summary>
    public sealed class KeyToken
    {
        public const byte CurrentVersion = 1;
        public const int TagLength = 16;
        public const int SignedLength = 49;
        public const int Size = SignedLength + TagLength;

        public KeyToken()
        {
            Version = CurrentVersion;
        }

        public byte Version { get; set; }

        public ulong DeviceId { get; set; }

        public ulong KeyId { get; set; }

        /// <summary>The epoch whose key tagged this token; the device must hold it as active or backup.</summary>
        public uint Epoch { get; set; }

        public ulong HolderId { get; set; }

        public Permissions Permissions { get; set; }

        public TokenFlags Flags { get; set; }

        /// <summary>First second of validity, Unix seconds, inclusive.</summary>
        public uint NotBefore { get; set; }

        /// <summary>End of validity, Unix seconds, exclusive.</summary>
        public uint NotAfter { get; set; }

        /// <summary>Counted uses (unlock, start) allowed on this device; 0 means no limit.</summary>
        public ushort MaxUses { get; set; }

        /// <summary>The key this one was shared from; 0 for a key issued directly.</summary>
        public ulong ParentKeyId { get; set; }

        /// <summary>16 bytes: HMAC(E(epoch), "sk1/token"‖the 49 bytes before the tag), truncated.</summary>
        public byte[] Tag { get; set; }

        public override string ToString()
        {
            return "key=" + Hex.OfId(KeyId) + " device=" + Hex.OfId(DeviceId) + " epoch=" + Epoch.ToString()
                + " holder=" + Hex.OfId(HolderId) + " perms=" + Names.Of(Permissions)
                + " valid=" + NotBefore.ToString() + ".." + NotAfter.ToString()
                + " uses=" + (MaxUses == 0 ? "unlimited" : MaxUses.ToString())
                + (ParentKeyId != 0 ? " parent=" + Hex.OfId(ParentKeyId) : string.Empty)
                + ((Flags & TokenFlags.TransferFromParent) != 0 ? " transfer" : string.Empty);
        }
    }
}
