using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Tokens;

namespace ShareKey.Protocol.Formatter
{
    /// <summary>The token's fixed 65-byte layout (docs/protocol.md §3).</summary>
    public static class TokenCodec
    {
        private const byte KnownPermissions = 0x1F;
        private const byte KnownFlags = 0x01;

        /// <summary>Writes the 49 bytes the tag covers.</summary>
        public static void WriteSigned(ByteWriter writer, KeyToken token)
        {
            writer.WriteByte(token.Version);
            writer.WriteUInt64(token.DeviceId);
            writer.WriteUInt64(token.KeyId);
            writer.WriteUInt32(token.Epoch);
            writer.WriteUInt64(token.HolderId);
            writer.WriteByte((byte)token.Permissions);
            writer.WriteByte((byte)token.Flags);
            writer.WriteUInt32(token.NotBefore);
            writer.WriteUInt32(token.NotAfter);
            writer.WriteUInt16(token.MaxUses);
            writer.WriteUInt64(token.ParentKeyId);
        }

        public static void Write(ByteWriter writer, KeyToken token)
        {
            FieldRules.RequireLength(token.Tag, KeyToken.TagLength, "token tag");
            WriteSigned(writer, token);
            writer.WriteBytes(token.Tag);
        }

        public static byte[] Encode(KeyToken token)
        {
            ByteWriter writer = new ByteWriter(KeyToken.Size);
            Write(writer, token);
            return writer.ToArray();
        }

        public static KeyToken Read(ByteReader reader)
        {
            KeyToken token = new KeyToken();
            token.Version = reader.ReadByte("token version");
            if (token.Version != KeyToken.CurrentVersion)
            {
                throw new ProtocolException(ProtocolError.UnsupportedVersion, "T1: token version " + token.Version.ToString() + " is not 1");
            }

            token.DeviceId = reader.ReadUInt64("token device id");
            token.KeyId = reader.ReadUInt64("token key id");
            token.Epoch = reader.ReadUInt32("token epoch");
            token.HolderId = reader.ReadUInt64("token holder id");
            byte permissions = reader.ReadByte("token permissions");
            byte flags = reader.ReadByte("token flags");
            token.NotBefore = reader.ReadUInt32("token not-before");
            token.NotAfter = reader.ReadUInt32("token not-after");
            token.MaxUses = reader.ReadUInt16("token max uses");
            token.ParentKeyId = reader.ReadUInt64("token parent key id");
            token.Tag = reader.ReadBytes(KeyToken.TagLength, "token tag");

            FieldRules.Require(token.KeyId != 0, "T2: token key id is 0");
            FieldRules.Require(token.Epoch != 0, "T3: token epoch is 0");
            FieldRules.Require((permissions & ~KnownPermissions) == 0, "T4: token permissions have unknown bits");
            FieldRules.Require((flags & ~KnownFlags) == 0, "T5: token flags have unknown bits");
            FieldRules.Require(token.NotBefore < token.NotAfter, "T6: token not-before is not before not-after");
            FieldRules.Require(
                (flags & (byte)TokenFlags.TransferFromParent) == 0 || token.ParentKeyId != 0,
                "T7: a transfer token names no parent key");
            token.Permissions = (Permissions)permissions;
            token.Flags = (TokenFlags)flags;
            return token;
        }

        public static KeyToken Decode(byte[] bytes)
        {
            if (bytes == null)
            {
                throw new ProtocolException(ProtocolError.InvalidArgument, "no token bytes");
            }

            ByteReader reader = new ByteReader(bytes, 0, bytes.Length);
            KeyToken token = Read(reader);
            reader.ExpectEnd("token");
            return token;
        }
    }
}
