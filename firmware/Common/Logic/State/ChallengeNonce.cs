using System;
using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Security;

namespace ShareKey.Firmware.State
{
    /// <summary>
    /// The one outstanding challenge nonce (docs/protocol.md §9.1): 16 bytes from the hardware RNG,
    /// good for exactly one Command whatever its outcome, so a recorded Command can never be played
    /// again and each challenge admits one guess. Kept in RAM only: a reboot voids it, as it should.
    /// </summary>
    public sealed class ChallengeNonce
    {
        private readonly byte[] _nonce = new byte[CommandLayout.NonceLength];
        private bool _outstanding;

        public bool IsOutstanding
        {
            get { return _outstanding; }
        }

        /// <summary>Draws a fresh nonce, replacing any outstanding one, and returns a copy for the Challenge.</summary>
        public byte[] Issue(ICryptoProvider crypto)
        {
            crypto.FillRandom(_nonce, 0, _nonce.Length);
            _outstanding = true;
            byte[] copy = new byte[_nonce.Length];
            Array.Copy(_nonce, 0, copy, 0, _nonce.Length);
            return copy;
        }

        /// <summary>True if <paramref name="nonce"/> is the outstanding one; the outstanding nonce is gone afterwards either way.</summary>
        public bool Consume(byte[] nonce)
        {
            bool matches = _outstanding && ConstantTime.Equals(_nonce, nonce);
            Discard();
            return matches;
        }

        public void Discard()
        {
            _outstanding = false;
            Array.Clear(_nonce, 0, _nonce.Length);
        }
    }
}
