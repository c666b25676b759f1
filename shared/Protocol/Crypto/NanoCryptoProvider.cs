using System;
using System.Security.Cryptography;

namespace ShareKey.Protocol.Crypto
{
    /// <summary>
    /// Board implementation of the protocol's primitives: HMACSHA256 from the
    /// nanoFramework.System.Security.Cryptography package (mbedTLS in the firmware image), AES-256
    /// in managed code (<see cref="Aes256"/>), and System.Random, which on ESP32 targets draws every
    /// byte from the hardware RNG (esp_random) and ignores any seed. Compiled only by Protocol.nfproj.
    /// </summary>
    /// <remarks>
    /// Why not the package's Aes: its native side (nf-interpreter,
    /// nf_sys_sec_cryptography_System_Security_Cryptography_Aes.cpp, native versions 100.0.0.3 and
    /// 100.0.0.4 alike) always sets up mbedTLS's AES-128 cipher, so a 32-byte key throws
    /// ArgumentException. The device decrypts two blocks per key rotation, so managed AES costs
    /// nothing that matters.
    /// </remarks>
    public sealed class NanoCryptoProvider : ICryptoProvider
    {
        private readonly Random _hardwareRandom = new Random();

        public byte[] HmacSha256(byte[] key, byte[] data, int offset, int count)
        {
            return HMACSHA256.HashData(key, Slice(data, offset, count));
        }

        public byte[] AesCbcEncrypt(byte[] key, byte[] iv, byte[] data, int offset, int count)
        {
            return Aes256.CbcEncrypt(key, iv, data, offset, count);
        }

        public byte[] AesCbcDecrypt(byte[] key, byte[] iv, byte[] data, int offset, int count)
        {
            return Aes256.CbcDecrypt(key, iv, data, offset, count);
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

        /// <summary>The board's HMAC takes whole arrays: copy the range out unless it already is one.</summary>
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
