using System.CommandLine;
using System.Security.Cryptography;
using ShareKey.Firmware.Downlink;
using ShareKey.Firmware.Events;
using ShareKey.Firmware.State;
using ShareKey.Firmware.Storage;
using ShareKey.Firmware.Unlock;
using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.KeyService.Cli.Commands;

/// <summary>
/// `sharekey protocol tour`: one car's key life cycle with fresh random keys, every frame encoded
/// and decoded by the real protocol library — provisioning, the first epoch, a signed time, a
/// renter's unlock, the car's return with rotation (R0), and the old key refused while the new one
/// works. The car is the boards' own device core (firmware/Common) over flash in memory; the phone
/// is the protocol's <see cref="CommandSigner"/>.
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
            var car = new TourCar(_deviceId, _rootKey);
            output.WriteLine("1. Provisioned car " + Hex.OfId(_deviceId) + "; its MQTT password is derived from its root key: " + secrets.MqttPassword);

            output.WriteLine("2. The cloud sends the car its first epoch key, wrapped under the car's root key.");
            var epoch1 = RandomNumberGenerator.GetBytes(KeyWrap.EpochKeyLength);
            Rotate(secrets, car, 1, epoch1, []);

            output.WriteLine("3. The cloud sets the fresh car's clock with a time signed under a key derived from the car's root key.");
            var now = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            Send(secrets, car, new TimeSyncMessage { DeviceId = _deviceId, Time = now, Mac = _macs.TimeMac(secrets.TimeKey, _deviceId, now) });

            var alice = Issue(epoch1, 1, now, maxUses: 3);
            output.WriteLine("4. Issued Alice's key: " + alice.Token);
            Unlock(car, alice, "5. Alice unlocks");

            output.WriteLine("6. Alice returns the car: the cloud backs up epoch 1 and rotates, revoking her key.");
            var epoch2 = RandomNumberGenerator.GetBytes(KeyWrap.EpochKeyLength);
            Rotate(secrets, car, 2, epoch2, [alice.Token.KeyId]);

            Unlock(car, alice, "7. Alice tries her old key");
            var bob = Issue(epoch2, 2, now, maxUses: 0);
            Unlock(car, bob, "8. Bob, the next renter, unlocks with a key of epoch 2");
            return ExitCodes.Success;
        }

        private void Rotate(DeviceSecrets secrets, TourCar car, uint epoch, byte[] epochKey, ulong[] revoked)
        {
            var wrapped = KeyWrap.Wrap(_macs, secrets, _deviceId, epoch, epochKey, RandomNumberGenerator.GetBytes(WrappedKey.IvLength));
            var rotateId = _messageId + 1;
            var ack = Send(secrets, car, new RotateMessage { Epoch = epoch, WrappedKey = wrapped, RevokedKeyIds = revoked });
            var proven = ack.Status == AckStatus.Applied && ConstantTime.Equals(_macs.AckProof(epochKey, _deviceId, epoch, rotateId), ack.Proof);
            output.WriteLine("   the proof " + (proven ? "verifies: the car holds epoch " + epoch + "  (proof verified)" : "DOES NOT VERIFY"));
            Send(secrets, car, new CommitMessage { Epoch = epoch });
            output.WriteLine("   the car now holds epochs " + car.State.Epochs.ActiveEpoch + "/" + car.State.Epochs.BackupEpoch + " (active/backup)");
        }

        /// <summary>One down message over the link (MAC'd under K_link-down) and the car's Ack back (under K_link-up).</summary>
        private AckMessage Send(DeviceSecrets secrets, TourCar car, Message message)
        {
            message.MessageId = ++_messageId;
            var down = new MessageEncoder(_macs).Encode(message, secrets.LinkDownKey);
            output.WriteLine("   cloud -> car  " + down.Length + " bytes  " + message);
            var up = car.Receive(down);
            var ack = (AckMessage)new MessageDecoder(_macs).Decode(up, 0, up.Length, secrets.LinkUpKey);
            output.WriteLine("   car -> cloud  " + up.Length + " bytes  " + ack);
            return ack;
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
            var decoder = new MessageDecoder(_macs);
            var challengeFrame = car.Session.IssueChallengeFrame();
            var challenge = (ChallengeMessage)decoder.Decode(challengeFrame, 0, challengeFrame.Length);

            var signer = new CommandSigner(_macs);
            var command = signer.Sign(key, challenge, CommandCode.Unlock, ++_messageId);
            var commandFrame = new MessageEncoder(_macs).Encode(command);

            var hmacsBefore = car.Macs.HmacCount;
            var outcome = car.Session.HandleCommand(commandFrame, 0, commandFrame.Length);
            var hmacs = car.Macs.HmacCount - hmacsBefore;
            var result = (ResultMessage)decoder.Decode(outcome.ResultFrame, 0, outcome.ResultFrame.Length);
            var advice = signer.Check(key, challenge.DeviceId, command, result);

            output.WriteLine(title + ":");
            output.WriteLine("   car -> phone  " + challengeFrame.Length + " bytes  " + challenge);
            output.WriteLine("   phone -> car  " + commandFrame.Length + " bytes  " + Names.Of(command.Command) + " with key " + Hex.OfId(command.Token.KeyId));
            output.WriteLine("   car -> phone  " + outcome.ResultFrame.Length + " bytes  " + result);
            var trust = advice.Trust switch
            {
                AnswerTrust.Verified => "verified the car's answer",
                AnswerTrust.Unsigned => "got an unsigned refusal: advisory only, the car refused before it knew the sender",
                _ => "could not verify the answer: it is not the car's word",
            };
            output.WriteLine("   => " + Names.Of(result.Status).ToUpperInvariant() + " (" + hmacs + " HMACs on the car; the phone " + trust + ")");
        }

        private static ulong RandomId() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) | 1;
    }

    /// <summary>
    /// A car made of the boards' device core: key state and event log on flash in memory, the
    /// down-message handler, the unlock session. Frames go in and out exactly as over MQTT and BLE.
    /// </summary>
    private sealed class TourCar
    {
        private readonly DownlinkHandler _downlink;
        private readonly DeviceSecrets _secrets;
        private uint _uplinkId;

        public TourCar(ulong deviceId, byte[] rootKey)
        {
            var crypto = new DotNetCryptoProvider();
            Macs = new Macs(crypto);
            _secrets = new DeviceSecrets(Macs, rootKey);
            var uptime = new Uptime();
            State = new DeviceKeyState(deviceId, new DurableRecord(new MemorySlots(DurableRecord.Overhead + DeviceKeyState.MaxSavedLength)), uptime, crypto, new LockOutPolicy(5, 60, 300));
            State.Open();
            var events = new EventLog(new DurableRecord(new MemorySlots(DurableRecord.Overhead + EventLog.MaxSavedLength)));
            events.Open();
            _downlink = new DownlinkHandler(State, Macs, _secrets, null, null);
            Session = new UnlockSession(State, Macs, _secrets, events, null);
        }

        public Macs Macs { get; }

        public DeviceKeyState State { get; }

        public UnlockSession Session { get; }

        /// <summary>Authenticates and applies one down frame; returns the Ack frame the car sends up.</summary>
        public byte[] Receive(byte[] down)
        {
            var message = new MessageDecoder(Macs).Decode(down, 0, down.Length, _secrets.LinkDownKey);
            var ack = _downlink.Handle(message);
            ack.MessageId = ++_uplinkId;
            return new MessageEncoder(Macs).Encode(ack, _secrets.LinkUpKey);
        }
    }

    /// <summary>The car's seconds since boot.</summary>
    private sealed class Uptime : IClock
    {
        private readonly long _bootedAt = System.Diagnostics.Stopwatch.GetTimestamp();

        public uint UptimeSeconds => (uint)System.Diagnostics.Stopwatch.GetElapsedTime(_bootedAt).TotalSeconds;
    }
}
