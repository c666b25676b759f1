namespace ShareKey.Protocol.Security
{
    /// <summary>
    /// Wraps an epoch key for one device and epoch (cloud) and unwraps it (device): AES-256-CBC
    /// under K_wrap-enc, then a tag under K_wrap-mac over device‖epoch‖IV‖ciphertext. The tag is
    /// checked before anything is decrypted, and binds the key to its epoch so a captured wrap
    /// cannot be replayed as a different (e.g. older) epoch.
    /// </summary>
    public static class KeyWrap
    {
        public const int EpochKeyLength = 32;

        /// <param name="iv">16 unpredictable bytes, fresh for every wrap.</param>
        public static WrappedKey Wrap(Macs macs, DeviceSecrets secrets, ulong deviceId, uint epoch, byte[] epochKey, byte[] iv)
        {
            if (epochKey == null || epochKey.Length != EpochKeyLength || iv == null || iv.Length != WrappedKey.IvLength)
            {
                throw new ProtocolException(ProtocolError.InvalidArgument, "W1: an epoch key is 32 bytes and an IV 16");
            }

            byte[] ciphertext = macs.Crypto.AesCbcEncrypt(secrets.WrapEncryptionKey, iv, epochKey, 0, EpochKeyLength);
            byte[] tag = macs.WrapTag(secrets.WrapMacKey, deviceId, epoch, iv, ciphertext);
            return new WrappedKey(iv, ciphertext, tag);
        }

        /// <summary>Returns the 32-byte epoch key; fails with <see cref="ProtocolError.BadMac"/> when the tag does not verify.</summary>
        public static byte[] Unwrap(Macs macs, DeviceSecrets secrets, ulong deviceId, uint epoch, WrappedKey wrapped)
        {
            byte[] expected = macs.WrapTag(secrets.WrapMacKey, deviceId, epoch, wrapped.Iv, wrapped.Ciphertext);
            if (!ConstantTime.Equals(expected, wrapped.Tag))
            {
                throw new ProtocolException(ProtocolError.BadMac, "W2: key wrap tag does not verify for this device and epoch");
            }

            return macs.Crypto.AesCbcDecrypt(secrets.WrapEncryptionKey, wrapped.Iv, wrapped.Ciphertext, 0, WrappedKey.CiphertextLength);
        }
    }
}
