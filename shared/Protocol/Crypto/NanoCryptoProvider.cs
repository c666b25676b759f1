using System;
using System.Security.Cryptography;

namespace ShareKey.Protocol.Crypto
{
    /// <summary>
    /// Board implementation of the protocol's primitives: HMACSHA256 and Aes from the
    /// nanoFramework.System.Security.Cryptography package (mbedTLS in the firmware image), and
    /// System.Random, which on ESP32 targets draws every byte from the hardware RNG (esp_random)
    /// and ignores any seed. Compiled only by Protocol.nfproj.
    /// </summary>
    /// <remarks>
    /// The package's native AES (nf-interpreter, nf_sys_sec_cryptography_System_Security_Cryptography_Aes.cpp,
    /// native versions 100.0.0.3 and 100.0.0.4 alike) always sets up mbedTLS's AES-128 cipher and
    /// passes the key as given. mbedtls_cipher_setkey refuses a key whose length is not the
    /// cipher's, and the runtime turns that into an ArgumentException: with the protocol's 32-byte
    /// keys, AesCbcEncrypt and AesCbcDecrypt throw on the board until the native code picks the
    /// cipher by key length. The same native code ignores the result of the cipher call itself,
    /// so this class checks key, IV and length up front rather than trust the output.
    /// </remarks>
    public sealed class NanoCryptoProvider : ICryptoProvider
    {
        private const int KeyLength = 32;
        private const int BlockLength = 16;

        private readonly Random _hardwareRandom = new Random();

        public byte[] HmacSha256(byte[] key, byte[] data, int offset, int count)
        {
            return HMACSHA256.HashData(key, Slice(data, offset, count));
        }

        public byte[] AesCbcEncrypt(byte[] key, byte[] iv, byte[] data, int offset, int count)
        {
            return CreateCbc(key, iv, count).Encrypt(Slice(data, offset, count));
        }

        public byte[] AesCbcDecrypt(byte[] key, byte[] iv, byte[] data, int offset, int count)
        {
            return CreateCbc(key, iv, count).Decrypt(Slice(data, offset, count));
        }

        public void FillRandom(byte[] buffer, int offset, int count)
        {
            if (offset == 0 && count == buffer.Length)
            {
                _hardwareRandom.NextBytes(buffer);
                return;
            }

            byte[] random = new byte[count];
            _hardwareRandom.NextBytes(random);
            Array.Copy(random, 0, buffer, offset, count);
        }

        /// <summary>
        /// nanoFramework's Aes pads nothing (mbedTLS padding mode none) and copies the IV before
        /// use, so the caller's IV array is left as it was.
        /// </summary>
        private static Aes CreateCbc(byte[] key, byte[] iv, int count)
        {
            if (key == null || key.Length != KeyLength)
            {
                throw new ProtocolException(ProtocolError.InvalidArgument, "AES-256 needs a 32-byte key");
            }

            if (iv == null || iv.Length != BlockLength)
            {
                throw new ProtocolException(ProtocolError.InvalidArgument, "AES-CBC needs a 16-byte IV");
            }

            if (count % BlockLength != 0)
            {
                throw new ProtocolException(ProtocolError.InvalidArgument, "AES-CBC without padding needs whole 16-byte blocks");
            }

            Aes aes = new Aes(CipherMode.CBC);
            aes.Key = key;
            aes.IV = iv;
            return aes;
        }

        /// <summary>The board's HMAC and AES take whole arrays: copy the range out unless it already is one.</summary>
        private static byte[] Slice(byte[] data, int offset, int count)
        {
            if (offset == 0 && count == data.Length)
            {
                return data;
            }

            byte[] slice = new byte[count];
            Array.Copy(data, offset, slice, 0, count);
            return slice;
        }
    }
}
