namespace ShareKey.Protocol.Crypto
{
    /// <summary>
    /// The only cryptographic primitives the protocol uses. The board has HMAC-SHA256, AES and a
    /// hardware RNG but no public-key crypto and no plain SHA-256 class, so nothing else may appear
    /// here. Two implementations: <c>DotNetCryptoProvider</c> (host) and <c>NanoCryptoProvider</c> (board).
    /// </summary>
    public interface ICryptoProvider
    {
        /// <summary>HMAC-SHA256 of <paramref name="data"/>[offset, offset+count) under <paramref name="key"/>; 32 bytes.</summary>
        byte[] HmacSha256(byte[] key, byte[] data, int offset, int count);

        /// <summary>AES-256-CBC encryption without padding; <paramref name="count"/> is a multiple of 16.</summary>
        byte[] AesCbcEncrypt(byte[] key, byte[] iv, byte[] data, int offset, int count);

        /// <summary>AES-256-CBC decryption without padding; <paramref name="count"/> is a multiple of 16.</summary>
        byte[] AesCbcDecrypt(byte[] key, byte[] iv, byte[] data, int offset, int count);

        /// <summary>Fills the range with unpredictable bytes (hardware RNG on the board).</summary>
        void FillRandom(byte[] buffer, int offset, int count);
    }
}
