using ShareKey.Firmware.State;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Unlock
{
    /// <summary>
    /// The device state as the verifier must see it for one token. The verifier asks one question,
    /// <see cref="IVerifierState.StandingOf"/>, for a key and for its parent alike, and refuses a
    /// share whose parent is revoked. After a transfer share is first used, the device revokes its
    /// parent (R2.6) — which, asked plainly, would make the share refuse itself as parent-revoked
    /// from its second use on. So for a transfer share's parent this view leaves out the
    /// transfer-made revocation and keeps every other (bulletin, Rotate list).
    /// </summary>
    public sealed class TransferAwareState : IVerifierState
    {
        private readonly DeviceKeyState _state;
        private readonly KeyToken _token;

        public TransferAwareState(DeviceKeyState state, KeyToken token)
        {
            _state = state;
            _token = token;
        }

        public ulong DeviceId
        {
            get { return _state.DeviceId; }
        }

        public uint Now
        {
            get { return _state.Now; }
        }

        public bool IsLockedOut
        {
            get { return _state.IsLockedOut; }
        }

        public byte[] EpochKey(uint epoch)
        {
            return _state.EpochKey(epoch);
        }

        public KeyStanding StandingOf(ulong keyId)
        {
            bool transferShare = (_token.Flags & TokenFlags.TransferFromParent) != 0;
            if (transferShare && keyId == _token.ParentKeyId && keyId != _token.KeyId)
            {
                return _state.StandingAsTransferringParent(keyId);
            }

            return _state.StandingOf(keyId);
        }

        public int UsesOf(ulong keyId)
        {
            return _state.UsesOf(keyId);
        }

        public bool ConsumeNonce(byte[] nonce)
        {
            return _state.ConsumeNonce(nonce);
        }
    }
}
