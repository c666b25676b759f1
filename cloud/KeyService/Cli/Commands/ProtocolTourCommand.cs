using System.CommandLine;
using System.Security.Cryptography;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey protocol tour`: one car's key life cycle with fresh random keys, every frame encoded,
/// decoded and verified by the real protocol library — provisioning, first epoch, a renter's
/// unlock, the car's return with rotation (R0), and the old key refused while the new one works.
/// </summary>
public static class ProtocolTourCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("tour", "Walk one car through issue, unlock, return and key rotation, printing every frame.");
        command.SetAction(_ => new Tour(output).Run());
        return command;
    }

    private sealed class Tour(TextWriter output)
    {
        private readonly Macs _macs = new(new DotNetCryptoProvider());
        private readonly ulong _deviceId = RandomId();
        private readonly byte[] _rootKey = RandomNumberGenerator.GetBytes(DeviceSecrets.RootKeyLength);
        private uint _messageId;

        public int Run()
        {
            var secrets = new DeviceSecrets(_macs, _rootKey);
            var car = new TourCar(_deviceId, (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            output.WriteLine("1. Provisioned car " + Hex.OfId(_deviceId) + "; its MQTT password is derived from its root key: " + secrets.MqttPassword);

            output.WriteLine("2. The cloud sends the car its first epoch key, wrapped under the car's root key.");
            var epoch1 = RandomNumberGenerator.GetBytes(KeyWrap.EpochKeyLength);
            Rotate(secrets, car, 1, epoch1, []);

            var alice = Issue(epoch1, 1, car.Now, maxUses: 3);
            output.WriteLine("3. Issued Alice's key: " + alice.Token);
            Unlock(car, alice, "4. Alice unlocks");

            output.WriteLine("5. Alice returns the car: the cloud backs up epoch 1 and rotates, revoking her key.");
            var epoch2 = RandomNumberGenerator.GetBytes(KeyWrap.EpochKeyLength);
            Rotate(secrets, car, 2, epoch2, [alice.Token.KeyId]);

            Unlock(car, alice, "6. Alice tries her old key");
            var bob = Issue(epoch2, 2, car.Now, maxUses: 0);
            Unlock(car, bob, "7. Bob, the next renter, unlocks with a key of epoch 2");
            return ExitCodes.Success;
        }

        private void Rotate(DeviceSecrets secrets, TourCar car, uint epoch, byte[] epochKey, ulong[] revoked)
        {
            var encoder = new MessageEncoder(_macs);
            var decoder = new MessageDecoder(_macs);
            var wrapped = KeyWrap.Wrap(_macs, secrets, _deviceId, epoch, epochKey, RandomNumberGenerator.GetBytes(WrappedKey.IvLength));
            var down = encoder.Encode(new RotateMessage { MessageId = ++_messageId, Epoch = epoch, WrappedKey = wrapped, RevokedKeyIds = revoked }, secrets.LinkDownKey);
            var rotate = (RotateMessage)decoder.Decode(down, 0, down.Length, secrets.LinkDownKey);
            output.WriteLine("   cloud -> car  " + down.Length + " bytes  " + rotate);

            var installed = KeyWrap.Unwrap(_macs, secrets, _deviceId, rotate.Epoch, rotate.WrappedKey);
            car.Install(rotate.Epoch, installed, rotate.RevokedKeyIds);
            var proof = _macs.AckProof(installed, _deviceId, rotate.Epoch, rotate.MessageId);
            var up = encoder.Encode(new AckMessage { MessageId = ++_messageId, AckedMessageId = rotate.MessageId, Epoch = rotate.Epoch, Proof = proof }, secrets.LinkUpKey);
            var ack = (AckMessage)decoder.Decode(up, 0, up.Length, secrets.LinkUpKey);
            var proven = ConstantTime.Equals(_macs.AckProof(epochKey, _deviceId, epoch, rotate.MessageId), ack.Proof);
            output.WriteLine("   car -> cloud  " + up.Length + " bytes  " + ack + (proven ? "  (proof verified)" : "  (PROOF DOES NOT VERIFY)"));

            var commit = encoder.Encode(new CommitMessage { MessageId = ++_messageId, Epoch = epoch }, secrets.LinkDownKey);
            car.Commit(((CommitMessage)decoder.Decode(commit, 0, commit.Length, secrets.LinkDownKey)).Epoch);
            output.WriteLine("   cloud -> car  " + commit.Length + " bytes  Commit epoch " + epoch + ": the car drops its backup epoch.");
        }

        private HeldKey Issue(byte[] epochKey, uint epoch, uint now, ushort maxUses)
        {
            var token = new KeyToken
            {
                DeviceId = _deviceId,
                KeyId = RandomId(),
                Epoch = epoch,
                HolderId = RandomId(),
                Permissions = Permissions.Unlock | Permissions.Lock | Permissions.Start,
                NotBefore = now - 60,
                NotAfter = now + 3600,
                MaxUses = maxUses,
            };
            token.Tag = _macs.TokenTag(epochKey, token);
            return new HeldKey(token, _macs.HolderSecret(epochKey, _deviceId, token.KeyId));
        }

        private void Unlock(TourCar car, HeldKey key, string title)
        {
            var encoder = new MessageEncoder(_macs);
            var decoder = new MessageDecoder(_macs);
            var challengeFrame = encoder.Encode(car.Challenge(++_messageId));
            var challenge = (ChallengeMessage)decoder.Decode(challengeFrame, 0, challengeFrame.Length);

            var signer = new CommandSigner(_macs);
            var command = signer.Sign(key, challenge, CommandCode.Unlock, ++_messageId, carryAlways: false);
            var commandFrame = encoder.Encode(command);

            var received = (CommandMessage)decoder.Decode(commandFrame, 0, commandFrame.Length);
            var verifier = new CommandVerifier(_macs);
            var hmacsBefore = _macs.HmacCount;
            var verdict = verifier.Verify(car, received);
            if (verdict.IsCounted)
            {
                car.CountUse(received.Token.KeyId);
            }

            var resultFrame = encoder.Encode(verifier.SignResult(verdict, car.DeviceId, received, received.MessageId, car.Now));
            var hmacs = _macs.HmacCount - hmacsBefore;
            var result = (ResultMessage)decoder.Decode(resultFrame, 0, resultFrame.Length);
            var advice = signer.Check(key, challenge.DeviceId, command, result);

            output.WriteLine(title + ":");
            output.WriteLine("   car -> phone  " + challengeFrame.Length + " bytes  " + challenge);
            output.WriteLine("   phone -> car  " + commandFrame.Length + " bytes  " + Names.Of(received.Command) + " with key " + Hex.OfId(received.Token.KeyId));
            output.WriteLine("   car -> phone  " + resultFrame.Length + " bytes  " + result);
            output.WriteLine("   => " + Names.Of(result.Status).ToUpperInvariant() + " (" + hmacs + " HMACs on the car; the phone "
                + (advice.Trust == AnswerTrust.Verified ? "verified the car's answer" : "could not verify the answer: it is unauthenticated") + ")");
        }

        private static ulong RandomId() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) | 1;
    }

    /// <summary>The little device state the tour needs; the firmware keeps the same facts in flash.</summary>
    private sealed class TourCar(ulong deviceId, uint now) : IVerifierState
    {
        private readonly Dictionary<uint, byte[]> _epochs = [];
        private readonly HashSet<ulong> _revoked = [];
        private readonly Dictionary<ulong, int> _uses = [];
        private byte[]? _nonce;

        public ulong DeviceId { get; } = deviceId;

        public uint Now { get; } = now;

        public bool IsLockedOut(ulong keyId) => false;

        public byte[]? EpochKey(uint epoch) => _epochs.GetValueOrDefault(epoch);

        public KeyStanding StandingOf(ulong keyId) => _revoked.Contains(keyId) ? KeyStanding.Revoked : KeyStanding.Good;

        public int UsesOf(ulong keyId) => _uses.GetValueOrDefault(keyId);

        public bool ConsumeNonce(byte[] nonce)
        {
            var matches = _nonce is not null && CryptographicOperations.FixedTimeEquals(_nonce, nonce);
            _nonce = null;
            return matches;
        }

        public ChallengeMessage Challenge(uint messageId)
        {
            _nonce = RandomNumberGenerator.GetBytes(16);
            var epochs = _epochs.Keys.OrderDescending().ToArray();
            return new ChallengeMessage
            {
                MessageId = messageId,
                DeviceId = DeviceId,
                Nonce = _nonce,
                DeviceTime = Now,
                ActiveEpoch = epochs[0],
                BackupEpoch = epochs.Length > 1 ? epochs[1] : 0,
            };
        }

        public void Install(uint epoch, byte[] key, ulong[] revoked)
        {
            _epochs[epoch] = key;
            _revoked.UnionWith(revoked);
        }

        public void Commit(uint epoch)
        {
            foreach (var old in _epochs.Keys.Where(e => e != epoch).ToList())
            {
                _epochs.Remove(old);
            }
        }

        public void CountUse(ulong keyId) => _uses[keyId] = UsesOf(keyId) + 1;
    }
}
