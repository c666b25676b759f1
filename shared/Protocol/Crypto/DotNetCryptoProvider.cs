using System.Security.Cryptography;

namespace ShareKey.Protocol.Crypto
{
    /// <summary>Host implementation of the protocol's primitives on .NET's System.Security.Cryptography.</summary>
    public sealed class DotNetCryptoProvider : ICryptoProvider
    {
        public byte[] HmacSha256(byte[] key, byte[] data, int offset, int count)
        {
            return HMACSHA256.HashData(key, new System.ReadOnlySpan<byte>(data, offset, count));
        }

        public byte[] AesCbcEncrypt(byte[] key, byte[] iv, byte[] data, int offset, int count)
        {
            using (Aes aes = Create(key))
            {
                return aes.EncryptCbc(new System.ReadOnlySpan<byte>(data, offset, count), iv, PaddingMode.None);
            }
        }

        public byte[] AesCbcDecrypt(byte[] key, byte[] iv, byte[] data, int offset, int count)
        {
            using (Aes aes = Create(key))
            {
                return aes.DecryptCbc(new System.ReadOnlySpan<byte>(data, offset, count), iv, PaddingMode.None);
            }
        }

        public void FillRandom(byte[] buffer, int offset, int count)
        {
            RandomNumberGenerator.Fill(new System.Span<byte>(buffer, offset, count));
        }

        private static Aes Create(byte[] key)
        {
            if (key == null || key.Length != 32)
            {
                throw new ProtocolException(ProtocolError.InvalidArgument, "AES-256 needs a 32-byte key");
            }

            Aes aes = Aes.Create();
            aes.Key = key;
            return aes;
        }
    }
}
