using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Protocol.Benchmarks;

/// <summary>
/// One realistic message of each shape, with real tags and MACs: a phone's unlock command, a
/// rotation wrapping a real epoch key, a bulletin of 8 entries, a key report of 16 keys and 4 events.
/// Built once; the benchmarks only read them.
/// </summary>
public static class BenchMessages
{
    public const ulong DeviceId = 0x5348415245000001;
    public const ulong KeyId = 0x4B45590000000001;
    public const uint Epoch = 7;
    public const uint Now = 1_800_000_000;

    public static readonly ICryptoProvider Crypto = new DotNetCryptoProvider();
    public static readonly byte[] RootKey = Sequence(0x00, 32);
    public static readonly byte[] EpochKey = Sequence(0x40, 32);
    public static readonly byte[] Nonce = Sequence(0xA0, 16);

    private static readonly Macs Issuer = new(Crypto);

    public static readonly DeviceSecrets Secrets = new(Issuer, RootKey);

    /// <summary>A token valid at <see cref="Now"/> for an hour, unlimited uses, unlock+lock+start.</summary>
    public static KeyToken Token()
    {
        var token = new KeyToken
        {
            DeviceId = DeviceId,
            KeyId = KeyId,
            Epoch = Epoch,
            HolderId = 0x5553455200000001,
            Permissions = Permissions.Unlock | Permissions.Lock | Permissions.Start,
            NotBefore = Now - 60,
            NotAfter = Now + 3600,
        };
        token.Tag = Issuer.TokenTag(EpochKey, token);
        return token;
    }

    /// <summary>An unlock as the phone's <see cref="CommandSigner"/> makes it with the holder secret the cloud gave it.</summary>
    public static CommandMessage Unlock(bool carryingBulletinAndTime)
    {
        var token = Token();
        var held = new HeldKey(token, Issuer.HolderSecret(EpochKey, DeviceId, KeyId));
        return new CommandSigner(Issuer).SignWith(
            held, DeviceId, Nonce, CommandCode.Unlock, 1, carryingBulletinAndTime ? Bulletin(0) : null, carryingBulletinAndTime ? TimeSync(0) : null);
    }

    public static BulletinMessage Bulletin(uint messageId)
    {
        var bulletin = new BulletinMessage
        {
            MessageId = messageId,
            DeviceId = DeviceId,
            Sequence = 12,
            IssuedAt = Now - 30,
            Epoch = Epoch,
            Entries = Enumerable.Range(2, 8)
                .Select(i => new BulletinEntry(KeyId + (ulong)i, i % 3 == 0 ? KeyStanding.Frozen : KeyStanding.Revoked, Now + 3600))
                .ToArray(),
        };
        bulletin.Mac = Issuer.BulletinMac(Secrets.BulletinKey, bulletin);
        return bulletin;
    }

    public static TimeSyncMessage TimeSync(uint messageId) => new()
    {
        MessageId = messageId,
        DeviceId = DeviceId,
        Time = Now + 600,
        Mac = Issuer.TimeMac(Secrets.TimeKey, DeviceId, Now + 600),
    };

    /// <summary>Every benchmarked shape by name: the 13 message types, Command also carrying a bulletin and a signed time.</summary>
    public static readonly IReadOnlyDictionary<string, Func<Message>> ByName = new Dictionary<string, Func<Message>>
    {
        ["Challenge"] = () => new ChallengeMessage
        {
            MessageId = 1, DeviceId = DeviceId, Nonce = Nonce, DeviceTime = Now, ActiveEpoch = Epoch, BackupEpoch = Epoch - 1, BulletinSequence = 12,
        },
        ["Command"] = () => Unlock(false),
        ["Command+attachments"] = () => Unlock(true),
        ["Result"] = () => new ResultMessage
        {
            MessageId = 1, Status = RefusalReason.Accepted, Command = CommandCode.Unlock,
            RemainingUses = ResultMessage.UnlimitedUses, DeviceTime = Now, Mac = Sequence(0x30, 16),
        },
        ["Rotate"] = () => new RotateMessage
        {
            MessageId = 2, Epoch = Epoch + 1,
            WrappedKey = KeyWrap.Wrap(Issuer, Secrets, DeviceId, Epoch + 1, Sequence(0x50, 32), Sequence(0x70, 16)),
            RevokedKeyIds = [KeyId + 5, KeyId + 6],
        },
        ["Commit"] = () => new CommitMessage { MessageId = 3, Epoch = Epoch + 1 },
        ["Bulletin"] = () => Bulletin(4),
        ["TimeSync"] = () => TimeSync(5),
        ["RemoteLock"] = () => new RemoteLockMessage
        {
            MessageId = 6, Action = RemoteLockAction.Lock, Target = RemoteLockTarget.Immobiliser, RequestedAt = Now,
        },
        ["BindResult"] = () => new BindResultMessage { MessageId = 7, Outcome = BindOutcome.Bound, Reason = 0, Vin = "1M8GDM9AXKP042788" },
        ["Ack"] = () => new AckMessage
        {
            MessageId = 8, AckedMessageId = 2, Status = AckStatus.Applied, Epoch = Epoch + 1,
            Proof = Issuer.AckProof(Sequence(0x50, 32), DeviceId, Epoch + 1, 2),
        },
        ["KeyReport"] = () => new KeyReportMessage
        {
            MessageId = 9, ActiveEpoch = Epoch, BackupEpoch = Epoch - 1, BulletinSequence = 12, DeviceTime = Now,
            Uses = Enumerable.Range(1, 16).Select(i => new KeyUse(KeyId + (ulong)i, (ushort)i)).ToArray(),
            RecentEvents = Events(4),
        },
        ["Event"] = () => new EventMessage { MessageId = 10, Events = Events(4) },
        ["BindRequest"] = () => new BindRequestMessage { MessageId = 11, Vin = "1M8GDM9AXKP042788", Imsi = "460001234567890" },
    };

    public static byte[] Sequence(int start, int count) =>
        Enumerable.Range(start, count).Select(i => (byte)i).ToArray();

    private static EventRecord[] Events(int count) =>
        Enumerable.Range(0, count)
            .Select(i => new EventRecord(EventKind.Unlocked, Now - (uint)(60 * i), KeyId, (byte)CommandCode.Unlock, 0))
            .ToArray();
}
