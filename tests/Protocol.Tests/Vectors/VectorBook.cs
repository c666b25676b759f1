using ShareKey.Protocol.Buffers;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tests.Support;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Protocol.Tests.Vectors;

/// <summary>
/// Builds the published vectors (docs/protocol-vectors.json) from fixed keys, nonces and IVs.
/// The checked-in file is what implementers trust; <see cref="ProtocolVectorTests"/> holds this
/// library to it in both directions.
/// </summary>
public static class VectorBook
{
    public static readonly byte[] NextEpochKey = Samples.Sequence(0x60, 32);
    public static readonly byte[] WrapIv = Samples.Sequence(0xC0, 16);
    public const uint NextEpoch = Samples.Epoch + 1;
    public const ulong SharedKeyId = 0x4B45590000000002;

    public static List<Vector> Build()
    {
        var macs = new Macs(Samples.Crypto);
        var encoder = new MessageEncoder(macs);
        var secrets = new DeviceSecrets(macs, Samples.RootKey);
        var vectors = new List<Vector>
        {
            new("inputs", "Fixed inputs of every vector below. Never use these keys outside tests.", new()
            {
                ["rootKey"] = Hex(Samples.RootKey),
                ["epochKey"] = Hex(Samples.EpochKey),
                ["nextEpochKey"] = Hex(NextEpochKey),
                ["nonce"] = Hex(Samples.Nonce),
                ["wrapIv"] = Hex(WrapIv),
                ["deviceId"] = ShareKey.Protocol.Buffers.Hex.OfId(Samples.DeviceId),
                ["keyId"] = ShareKey.Protocol.Buffers.Hex.OfId(Samples.KeyId),
                ["holderId"] = ShareKey.Protocol.Buffers.Hex.OfId(Samples.HolderId),
                ["epoch"] = Samples.Epoch.ToString(),
                ["now"] = Samples.Now.ToString(),
            }),
        };

        foreach (var (name, label, key) in new[]
        {
            ("wrap-enc", Labels.WrapEncryptionKey, secrets.WrapEncryptionKey),
            ("wrap-mac", Labels.WrapMacKey, secrets.WrapMacKey),
            ("link-down", Labels.LinkDownKey, secrets.LinkDownKey),
            ("link-up", Labels.LinkUpKey, secrets.LinkUpKey),
            ("bulletin", Labels.BulletinKey, secrets.BulletinKey),
            ("time", Labels.TimeKey, secrets.TimeKey),
            ("mqtt-password", Labels.MqttPasswordKey, secrets.MqttPasswordKey),
        })
        {
            vectors.Add(new("subkey-" + name, "HMAC(R, \"" + label + "\"‖0)", new()
            {
                ["key"] = "rootKey",
                ["macInput"] = Hex(LabelBytes(label)),
                ["secret"] = Hex(key),
            }));
        }

        vectors.Add(new("mqtt-password", "The device's MQTT password: the first 16 bytes of the mqtt-password sub-key, lower-case hex.", new()
        {
            ["password"] = secrets.MqttPassword,
        }));

        var token = Samples.Token(macs, t =>
        {
            t.MaxUses = 10;
            t.Permissions = Permissions.Unlock | Permissions.Lock | Permissions.Start;
        });
        vectors.Add(new("token", "A key token, tagged under epoch 7's key.", new()
        {
            ["key"] = "epochKey",
            ["macInput"] = Hex(LabelBytes(Labels.Token).Concat(TokenCodec.Encode(token).Take(KeyToken.SignedLength)).ToArray()),
            ["mac"] = Hex(token.Tag),
            ["bytes"] = Hex(TokenCodec.Encode(token)),
        }));

        var holderSecret = macs.HolderSecret(Samples.EpochKey, Samples.DeviceId, Samples.KeyId);
        vectors.Add(new("holder-secret", "S for the token's key id: what the cloud gives the phone over HTTPS.", new()
        {
            ["key"] = "epochKey",
            ["macInput"] = Hex(LabelBytes(Labels.Holder).Concat(Be(Samples.DeviceId)).Concat(Be(Samples.KeyId)).ToArray()),
            ["secret"] = Hex(holderSecret),
        }));

        vectors.Add(new("challenge-frame", "BLE Challenge, message id 1.", new()
        {
            ["frame"] = Hex(encoder.Encode(new ChallengeMessage
            {
                MessageId = 1,
                DeviceId = Samples.DeviceId,
                Nonce = Samples.Nonce,
                DeviceTime = Samples.Now,
                ActiveEpoch = Samples.Epoch,
                BackupEpoch = Samples.Epoch - 1,
                BulletinSequence = 3,
            })),
        }));

        var command = Samples.Command(macs, token);
        command.MessageId = 2;
        vectors.Add(new("command-frame", "BLE Command: unlock with the token above, answering the challenge's nonce.", new()
        {
            ["key"] = "holder-secret",
            ["macInput"] = Hex(LabelBytes(Labels.Command).Concat(Be(Samples.DeviceId)).Concat(Samples.Nonce).Append((byte)CommandCode.Unlock).Concat(token.Tag).Append((byte)0).ToArray()),
            ["mac"] = Hex(command.Mac),
            ["frame"] = Hex(encoder.Encode(command)),
        }));

        var bulletin = new BulletinMessage
        {
            DeviceId = Samples.DeviceId,
            Sequence = 4,
            IssuedAt = Samples.Now - 100,
            Epoch = 7,
            Entries = [new BulletinEntry(SharedKeyId, KeyStanding.Revoked, Samples.Now + 3600), new BulletinEntry(0x4B45590000000003, KeyStanding.Frozen, BulletinEntry.NoExpiry)],
        };
        bulletin.Mac = macs.BulletinMac(secrets.BulletinKey, bulletin);
        var time = new TimeSyncMessage { DeviceId = Samples.DeviceId, Time = Samples.Now + 30 };
        time.Mac = macs.TimeMac(secrets.TimeKey, Samples.DeviceId, time.Time);
        var carrying = new CommandSigner(macs).SignWith(Samples.Held(macs, token), Samples.DeviceId, Samples.Nonce, CommandCode.Lock, 3, bulletin, time);
        vectors.Add(new("command-with-attachments-frame", "BLE Command: lock, carrying bulletin 4 and a signed time for an offline device; the command MAC covers both.", new()
        {
            ["key"] = "holder-secret",
            ["macInput"] = Hex(LabelBytes(Labels.Command).Concat(Be(Samples.DeviceId)).Concat(Samples.Nonce).Append((byte)CommandCode.Lock).Concat(token.Tag)
                .Append((byte)(CommandLayout.HasBulletin | CommandLayout.HasTime)).Concat(bulletin.Mac).Concat(time.Mac).ToArray()),
            ["mac"] = Hex(carrying.Mac),
            ["frame"] = Hex(encoder.Encode(carrying)),
        }));

        var result = new ResultMessage { MessageId = 2, Status = RefusalReason.Accepted, Command = CommandCode.Unlock, RemainingUses = 9, DeviceTime = Samples.Now };
        result.Mac = macs.ResultMac(holderSecret, Samples.DeviceId, Samples.Nonce, result);
        vectors.Add(new("result-frame", "BLE Result: accepted, 9 uses left, signed with S.", new()
        {
            ["key"] = "holder-secret",
            ["macInput"] = Hex(LabelBytes(Labels.Result).Concat(Be(Samples.DeviceId)).Concat(Samples.Nonce).Concat(Be(2u)).Concat(new byte[] { 0, 1, 0, 9 }).Concat(Be(Samples.Now)).ToArray()),
            ["mac"] = Hex(result.Mac),
            ["frame"] = Hex(encoder.Encode(result)),
        }));

        var wrapped = KeyWrap.Wrap(macs, secrets, Samples.DeviceId, NextEpoch, NextEpochKey, WrapIv);
        vectors.Add(new("key-wrap", "nextEpochKey wrapped for epoch 8: AES-256-CBC under wrap-enc, then a tag under wrap-mac.", new()
        {
            ["ciphertext"] = Hex(wrapped.Ciphertext),
            ["key"] = "subkey-wrap-mac",
            ["macInput"] = Hex(LabelBytes(Labels.Wrap).Concat(Be(Samples.DeviceId)).Concat(Be(NextEpoch)).Concat(WrapIv).Concat(wrapped.Ciphertext).ToArray()),
            ["mac"] = Hex(wrapped.Tag),
        }));

        vectors.Add(new("rotate-frame", "MQTT down: Rotate to epoch 8, revoking the shared key; link MAC under link-down.", new()
        {
            ["frame"] = Hex(encoder.Encode(new RotateMessage { MessageId = 100, Epoch = NextEpoch, WrappedKey = wrapped, RevokedKeyIds = [SharedKeyId] }, secrets.LinkDownKey)),
        }));

        var proof = macs.AckProof(NextEpochKey, Samples.DeviceId, NextEpoch, 100);
        vectors.Add(new("ack-frame", "MQTT up: Ack of the Rotate, proving possession of epoch 8's key; link MAC under link-up.", new()
        {
            ["key"] = "nextEpochKey",
            ["macInput"] = Hex(LabelBytes(Labels.AckProof).Concat(Be(Samples.DeviceId)).Concat(Be(NextEpoch)).Concat(Be(100u)).ToArray()),
            ["mac"] = Hex(proof),
            ["frame"] = Hex(encoder.Encode(new AckMessage { MessageId = 7, AckedMessageId = 100, Status = AckStatus.Applied, Epoch = NextEpoch, Proof = proof }, secrets.LinkUpKey)),
        }));

        vectors.Add(new("commit-frame", "MQTT down: Commit epoch 8.", new()
        {
            ["frame"] = Hex(encoder.Encode(new CommitMessage { MessageId = 101, Epoch = NextEpoch }, secrets.LinkDownKey)),
        }));

        var signedBulletin = new Buffers.ByteWriter(64);
        BulletinCodec.WriteSigned(signedBulletin, bulletin);
        bulletin.MessageId = 102;
        vectors.Add(new("bulletin-frame", "MQTT down: bulletin 4 (one key revoked, one frozen).", new()
        {
            ["key"] = "subkey-bulletin",
            ["macInput"] = Hex(LabelBytes(Labels.Bulletin).Concat(signedBulletin.ToArray()).ToArray()),
            ["mac"] = Hex(bulletin.Mac),
            ["frame"] = Hex(encoder.Encode(bulletin, secrets.LinkDownKey)),
        }));

        var changed = new BulletinMessage
        {
            MessageId = 120,
            DeviceId = Samples.DeviceId,
            Sequence = 5,
            IssuedAt = Samples.Now - 50,
            Epoch = 7,
            Entries = [new BulletinEntry(Samples.KeyId, KeyStanding.Changed, BulletinEntry.FingerprintOf(token.Tag))],
        };
        changed.Mac = macs.BulletinMac(secrets.BulletinKey, changed);
        var signedChanged = new Buffers.ByteWriter(64);
        BulletinCodec.WriteSigned(signedChanged, changed);
        vectors.Add(new("changed-bulletin-frame", "MQTT down: bulletin 5 names the published token's key as changed (R1.5): only the token whose tag begins with the entry's four bytes opens.", new()
        {
            ["key"] = "subkey-bulletin",
            ["macInput"] = Hex(LabelBytes(Labels.Bulletin).Concat(signedChanged.ToArray()).ToArray()),
            ["mac"] = Hex(changed.Mac),
            ["frame"] = Hex(encoder.Encode(changed, secrets.LinkDownKey)),
        }));

        time.MessageId = 103;
        vectors.Add(new("time-sync-frame", "MQTT down: signed time now+30.", new()
        {
            ["key"] = "subkey-time",
            ["macInput"] = Hex(LabelBytes(Labels.Time).Concat(Be(Samples.DeviceId)).Concat(Be(time.Time)).ToArray()),
            ["mac"] = Hex(time.Mac),
            ["frame"] = Hex(encoder.Encode(time, secrets.LinkDownKey)),
        }));

        vectors.Add(new("remote-lock-frame", "MQTT down: lock the immobiliser (R3).", new()
        {
            ["frame"] = Hex(encoder.Encode(new RemoteLockMessage { MessageId = 104, Action = RemoteLockAction.Lock, Target = RemoteLockTarget.Immobiliser, RequestedAt = Samples.Now }, secrets.LinkDownKey)),
        }));

        vectors.Add(new("bind-result-frame", "MQTT down: VIN bound (R4).", new()
        {
            ["frame"] = Hex(encoder.Encode(new BindResultMessage { MessageId = 105, Outcome = BindOutcome.Bound, Vin = "1M8GDM9AXKP042788" }, secrets.LinkDownKey)),
        }));

        vectors.Add(new("bind-request-frame", "MQTT up: bind this modem's IMSI to the VIN read from the PEPS module.", new()
        {
            ["frame"] = Hex(encoder.Encode(new BindRequestMessage { MessageId = 8, Vin = "1M8GDM9AXKP042788", Imsi = "310150123456789" }, secrets.LinkUpKey)),
        }));

        var unlocked = new EventRecord(EventKind.Unlocked, Samples.Now, Samples.KeyId, (byte)CommandCode.Unlock, 0);
        var refused = new EventRecord(EventKind.Refused, Samples.Now + 5, SharedKeyId, (byte)RefusalReason.Revoked, 0);
        vectors.Add(new("event-frame", "MQTT up: two events drained from the ring buffer.", new()
        {
            ["frame"] = Hex(encoder.Encode(new EventMessage { MessageId = 9, Events = [unlocked, refused] }, secrets.LinkUpKey)),
        }));

        vectors.Add(new("transfer-event-frame", "MQTT up: a transfer share's first unlock, and the transferred event saying its parent handed its right over (R2.6).", new()
        {
            ["frame"] = Hex(encoder.Encode(new EventMessage
            {
                MessageId = 12,
                Events =
                [
                    new EventRecord(EventKind.Unlocked, Samples.Now + 20, SharedKeyId, (byte)CommandCode.Unlock, 0),
                    new EventRecord(EventKind.Transferred, Samples.Now + 20, SharedKeyId, 0, 0),
                ],
            }, secrets.LinkUpKey)),
        }));

        vectors.Add(new("lock-event-frame", "MQTT up: a parking lock's events — the space became occupied, a raise stopped by a vehicle, a low battery.", new()
        {
            ["frame"] = Hex(encoder.Encode(new EventMessage
            {
                MessageId = 11,
                Events =
                [
                    new EventRecord(EventKind.Occupancy, Samples.Now + 10, 0, 0, 1),
                    new EventRecord(EventKind.Obstructed, Samples.Now + 70, 0, 2, 0),
                    new EventRecord(EventKind.LowBattery, Samples.Now + 90, 0, 0, 19),
                ],
            }, secrets.LinkUpKey)),
        }));

        vectors.Add(new("remote-lock-event-frame", "MQTT up: a T-BOX's remote-lock events — RemoteLock#104 armed while the car moves, then engaged once it stopped; RemoteLock#105 refused as too old; a start withheld meanwhile.", new()
        {
            ["frame"] = Hex(encoder.Encode(new EventMessage
            {
                MessageId = 12,
                Events =
                [
                    new EventRecord(EventKind.RemoteLockArmed, Samples.Now + 1, 104, (byte)RemoteLockTarget.Immobiliser, (short)RemoteLockWait.Moving),
                    new EventRecord(EventKind.Withheld, Samples.Now + 20, Samples.KeyId, (byte)CommandCode.Start, (short)RefusalReason.RemoteLocked),
                    new EventRecord(EventKind.RemoteLocked, Samples.Now + 95, 104, (byte)RemoteLockTarget.Immobiliser, (short)RemoteLockAction.Lock),
                    new EventRecord(EventKind.RemoteLockRefused, Samples.Now + 96, 105, (byte)RemoteLockRefusal.TooOld, (short)RemoteLockAction.Release),
                ],
            }, secrets.LinkUpKey)),
        }));

        vectors.Add(new("vehicle-report-frame", "MQTT up: a T-BOX's vehicle report — 18 %, charging, parked, ignition off, the remote lock engaged by RemoteLock#104 (immobiliser and inlet lock held).", new()
        {
            ["frame"] = Hex(encoder.Encode(new VehicleReportMessage
            {
                MessageId = 13,
                DeviceTime = Samples.Now + 100,
                StateOfCharge = 18,
                Cable = ChargingCable.Charging,
                SpeedKmh = 0,
                Ignition = 0,
                RemoteLock = RemoteLockState.Engaged,
                Outputs = VehicleReportMessage.ImmobiliserFlag | VehicleReportMessage.InletLockFlag,
                LockMessageId = 104,
            }, secrets.LinkUpKey)),
        }));

        vectors.Add(new("event-receipt-frame", "MQTT down: the cloud stored Event#9, both records; the device may drop them.", new()
        {
            ["frame"] = Hex(encoder.Encode(new EventReceiptMessage { MessageId = 9, Count = 2 }, secrets.LinkDownKey)),
        }));

        vectors.Add(new("report-request-frame", "MQTT down: the cloud asks the device to report its state now (R2.9); no payload.", new()
        {
            ["frame"] = Hex(encoder.Encode(new ReportRequestMessage { MessageId = 44 }, secrets.LinkDownKey)),
        }));

        vectors.Add(new("key-report-frame", "MQTT up: the device's view of its keys.", new()
        {
            ["frame"] = Hex(encoder.Encode(new KeyReportMessage
            {
                MessageId = 10,
                ActiveEpoch = NextEpoch,
                BackupEpoch = Samples.Epoch,
                BulletinSequence = 4,
                DeviceTime = Samples.Now + 60,
                Uses = [new KeyUse(Samples.KeyId, 1)],
                RecentEvents = [unlocked],
            }, secrets.LinkUpKey)),
        }));

        return vectors;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static byte[] LabelBytes(string label) => System.Text.Encoding.ASCII.GetBytes(label).Append((byte)0).ToArray();

    private static byte[] Be(ulong value) => BitConverter.GetBytes(value).Reverse().ToArray();

    private static byte[] Be(uint value) => BitConverter.GetBytes(value).Reverse().ToArray();
}
