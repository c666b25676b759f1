using FsCheck;
using FsCheck.Fluent;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tokens;
using static ShareKey.Protocol.Tests.Support.ValueGens;

namespace ShareKey.Protocol.Tests.Support;

/// <summary>
/// Generators of messages whose every field is one the decoder accepts (docs/protocol.md §3–§4):
/// non-zero ids and epochs where the decoder demands them, lists within their limits, known enum
/// values, not-before before not-after. MACs and tags are random bytes: the codecs never check them.
/// </summary>
public static class MessageGens
{
    public static readonly Gen<KeyToken> Token =
        from deviceId in AnyUInt64
        from keyId in NonZeroUInt64
        from epoch in NonZeroUInt32
        from holderId in AnyUInt64
        from permissions in Gen.Choose(0, 0x1F)
        from transfer in AnyBool
        from notBefore in AnyUInt32.Where(v => v != uint.MaxValue)
        from window in AnyUInt32
        from maxUses in AnyUInt16
        from parent in transfer ? NonZeroUInt64 : AnyUInt64
        from tag in Bytes(KeyToken.TagLength)
        select new KeyToken
        {
            DeviceId = deviceId,
            KeyId = keyId,
            Epoch = epoch,
            HolderId = holderId,
            Permissions = (Permissions)permissions,
            Flags = transfer ? TokenFlags.TransferFromParent : TokenFlags.None,
            NotBefore = notBefore,
            NotAfter = notBefore + 1 + (window % (uint.MaxValue - notBefore)),
            MaxUses = maxUses,
            ParentKeyId = parent,
            Tag = tag,
        };

    public static readonly Gen<EventRecord> Event =
        from kind in Gen.Elements(Enum.GetValues<EventKind>())
        from time in AnyUInt32
        from keyId in AnyUInt64
        from detail in AnyByte
        from value in AnyInt16
        select new EventRecord(kind, time, keyId, detail, value);

    public static readonly Gen<ChallengeMessage> Challenge =
        from id in AnyUInt32
        from deviceId in AnyUInt64
        from nonce in Bytes(16)
        from time in AnyUInt32
        from active in NonZeroUInt32
        from backup in AnyUInt32
        from sequence in AnyUInt32
        select new ChallengeMessage
        {
            MessageId = id, DeviceId = deviceId, Nonce = nonce, DeviceTime = time,
            ActiveEpoch = active, BackupEpoch = backup, BulletinSequence = sequence,
        };

    public static readonly Gen<BulletinMessage> Bulletin =
        from id in AnyUInt32
        from deviceId in AnyUInt64
        from sequence in NonZeroUInt32
        from issuedAt in AnyUInt32
        from epoch in AnyUInt32
        from keyIds in ArrayUpTo(NonZeroUInt64, 0, BulletinMessage.MaxEntries)
        from standings in Gen.ArrayOf(EnumIn<KeyStanding>(1, 3), keyIds.Length)
        from notAfters in Gen.ArrayOf(AnyUInt32, keyIds.Length)
        from mac in Bytes(Macs.MacLength)
        select new BulletinMessage
        {
            MessageId = id, DeviceId = deviceId, Sequence = sequence, IssuedAt = issuedAt, Epoch = epoch,
            Entries = keyIds.Distinct().Select((keyId, i) => new BulletinEntry(keyId, standings[i], notAfters[i])).ToArray(),
            Mac = mac,
        };

    public static readonly Gen<TimeSyncMessage> TimeSync =
        from id in AnyUInt32
        from deviceId in AnyUInt64
        from time in AnyUInt32
        from mac in Bytes(Macs.MacLength)
        select new TimeSyncMessage { MessageId = id, DeviceId = deviceId, Time = time, Mac = mac };

    /// <summary>A Command with or without the bulletin and signed time a phone may carry.</summary>
    public static Gen<CommandMessage> Command(bool withBulletin, bool withTime) =>
        from id in AnyUInt32
        from token in Token
        from code in EnumIn<CommandCode>(1, 3)
        from nonce in Bytes(16)
        from bulletin in withBulletin ? Bulletin.Select(b => (BulletinMessage?)b) : Gen.Constant<BulletinMessage?>(null)
        from time in withTime ? TimeSync.Select(t => (TimeSyncMessage?)t) : Gen.Constant<TimeSyncMessage?>(null)
        from mac in Bytes(Macs.MacLength)
        select new CommandMessage
        {
            MessageId = id, Token = token, Command = code, Nonce = nonce,
            Bulletin = Embedded(bulletin), Time = Embedded(time), Mac = mac,
        };

    public static readonly Gen<ResultMessage> Result =
        from id in AnyUInt32
        from status in Gen.Choose(0, (int)Enum.GetValues<ShareKey.Protocol.Verification.RefusalReason>().Max())
        from code in EnumIn<CommandCode>(1, 3)
        from remaining in AnyUInt16
        from time in AnyUInt32
        from mac in Bytes(Macs.MacLength)
        select new ResultMessage
        {
            MessageId = id, Status = (ShareKey.Protocol.Verification.RefusalReason)status, Command = code,
            RemainingUses = remaining, DeviceTime = time, Mac = mac,
        };

    public static readonly Gen<RotateMessage> Rotate =
        from id in AnyUInt32
        from epoch in NonZeroUInt32
        from iv in Bytes(WrappedKey.IvLength)
        from ciphertext in Bytes(WrappedKey.CiphertextLength)
        from tag in Bytes(Macs.MacLength)
        from revoked in ArrayUpTo(NonZeroUInt64, 0, RotateMessage.MaxRevokedKeys)
        select new RotateMessage
        {
            MessageId = id, Epoch = epoch, WrappedKey = new WrappedKey(iv, ciphertext, tag), RevokedKeyIds = revoked,
        };

    public static readonly Gen<CommitMessage> Commit =
        from id in AnyUInt32
        from epoch in NonZeroUInt32
        select new CommitMessage { MessageId = id, Epoch = epoch };

    public static readonly Gen<EventReceiptMessage> EventReceipt =
        from id in AnyUInt32
        from count in Gen.Choose(1, EventMessage.MaxEvents)
        select new EventReceiptMessage { MessageId = id, Count = count };

    public static readonly Gen<ReportRequestMessage> ReportRequest =
        from id in AnyUInt32
        select new ReportRequestMessage { MessageId = id };

    public static readonly Gen<RemoteLockMessage> RemoteLock =
        from id in AnyUInt32
        from action in EnumIn<RemoteLockAction>(1, 2)
        from target in EnumIn<RemoteLockTarget>(1, 3)
        from requestedAt in AnyUInt32
        select new RemoteLockMessage { MessageId = id, Action = action, Target = target, RequestedAt = requestedAt };

    public static readonly Gen<BindResultMessage> BindResult =
        from id in AnyUInt32
        from outcome in EnumIn<BindOutcome>(1, 4)
        from reason in AnyByte
        from vin in Vin
        select new BindResultMessage { MessageId = id, Outcome = outcome, Reason = reason, Vin = vin };

    public static readonly Gen<AckMessage> Ack =
        from id in AnyUInt32
        from acked in AnyUInt32
        from status in EnumIn<AckStatus>(0, 4)
        from epoch in AnyUInt32
        from proof in Bytes(Macs.MacLength)
        select new AckMessage { MessageId = id, AckedMessageId = acked, Status = status, Epoch = epoch, Proof = proof };

    public static readonly Gen<KeyReportMessage> KeyReport =
        from id in AnyUInt32
        from active in AnyUInt32
        from backup in AnyUInt32
        from sequence in AnyUInt32
        from time in AnyUInt32
        from uses in ArrayUpTo(Gen.Zip(AnyUInt64, AnyUInt16, (keyId, count) => new KeyUse(keyId, count)), 0, KeyReportMessage.MaxKeyUses)
        from events in ArrayUpTo(Event, 0, KeyReportMessage.MaxEvents)
        select new KeyReportMessage
        {
            MessageId = id, ActiveEpoch = active, BackupEpoch = backup, BulletinSequence = sequence,
            DeviceTime = time, Uses = uses, RecentEvents = events,
        };

    public static readonly Gen<EventMessage> Events =
        from id in AnyUInt32
        from events in ArrayUpTo(Event, 1, EventMessage.MaxEvents)
        select new EventMessage { MessageId = id, Events = events };

    public static readonly Gen<BindRequestMessage> BindRequest =
        from id in AnyUInt32
        from vin in Vin
        from imsi in Imsi
        select new BindRequestMessage { MessageId = id, Vin = vin, Imsi = imsi };

    public static readonly Gen<VehicleReportMessage> VehicleReport =
        from id in AnyUInt32
        from time in AnyUInt32
        from charge in Gen.OneOf(Gen.Choose(0, 100).Select(c => (byte)c), Gen.Constant(VehicleReportMessage.Unknown))
        from cable in Gen.Elements(Enum.GetValues<ChargingCable>())
        from speed in AnyUInt16
        from ignition in Gen.Elements((byte)0, (byte)1, VehicleReportMessage.Unknown)
        from state in Gen.Elements(Enum.GetValues<RemoteLockState>())
        from outputs in Gen.Choose(0, 3)
        from lockId in AnyUInt32
        select new VehicleReportMessage
        {
            MessageId = id, DeviceTime = time, StateOfCharge = charge, Cable = cable, SpeedKmh = speed, Ignition = ignition,
            RemoteLock = state, Outputs = (byte)outputs, LockMessageId = lockId,
        };

    /// <summary>The BLE message shapes by name, Command in its four attachment variants.</summary>
    public static readonly IReadOnlyDictionary<string, Gen<Message>> BleByName = new Dictionary<string, Gen<Message>>
    {
        ["Challenge"] = Challenge.Select(m => (Message)m),
        ["Command"] = Command(false, false).Select(m => (Message)m),
        ["Command+bulletin"] = Command(true, false).Select(m => (Message)m),
        ["Command+time"] = Command(false, true).Select(m => (Message)m),
        ["Command+bulletin+time"] = Command(true, true).Select(m => (Message)m),
        ["Result"] = Result.Select(m => (Message)m),
    };

    /// <summary>The MQTT message shapes by name, down (cloud to device) then up.</summary>
    public static readonly IReadOnlyDictionary<string, Gen<Message>> LinkedByName = new Dictionary<string, Gen<Message>>
    {
        ["Rotate"] = Rotate.Select(m => (Message)m),
        ["Commit"] = Commit.Select(m => (Message)m),
        ["Bulletin"] = Bulletin.Select(m => (Message)m),
        ["TimeSync"] = TimeSync.Select(m => (Message)m),
        ["RemoteLock"] = RemoteLock.Select(m => (Message)m),
        ["BindResult"] = BindResult.Select(m => (Message)m),
        ["EventReceipt"] = EventReceipt.Select(m => (Message)m),
        ["ReportRequest"] = ReportRequest.Select(m => (Message)m),
        ["Ack"] = Ack.Select(m => (Message)m),
        ["KeyReport"] = KeyReport.Select(m => (Message)m),
        ["Event"] = Events.Select(m => (Message)m),
        ["BindRequest"] = BindRequest.Select(m => (Message)m),
        ["VehicleReport"] = VehicleReport.Select(m => (Message)m),
    };

    public static readonly IReadOnlyDictionary<string, Gen<Message>> ByName =
        BleByName.Concat(LinkedByName).ToDictionary(pair => pair.Key, pair => pair.Value);

    public static readonly Gen<Message> Ble = Gen.OneOf(BleByName.Values);

    public static readonly Gen<Message> Linked = Gen.OneOf(LinkedByName.Values);

    /// <summary>
    /// A bulletin or time inside a Command is a body, not a frame: no header, so its message id is
    /// not on the wire and decodes as 0.
    /// </summary>
    private static T? Embedded<T>(T? body) where T : Message
    {
        if (body is not null)
        {
            body.MessageId = 0;
        }

        return body;
    }
}
