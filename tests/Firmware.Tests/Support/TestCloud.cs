using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Tests.Support;

/// <summary>
/// What the cloud and a phone would send the sample device, built with the protocol library the
/// way they build it: wrapped epoch keys, MAC'd bulletins and times, tagged tokens, and Commands
/// from the phone's <see cref="CommandSigner"/>.
/// </summary>
public sealed class TestCloud
{
    private readonly MessageEncoder _encoder;

    public TestCloud()
    {
        Macs = new Macs(new TestCrypto());
        Secrets = new DeviceSecrets(Macs, Samples.RootKey);
        Signer = new CommandSigner(Macs);
        _encoder = new MessageEncoder(Macs);
    }

    public Macs Macs { get; }

    /// <summary>The phone's side of the protocol, as every phone uses it.</summary>
    public CommandSigner Signer { get; }

    public DeviceSecrets Secrets { get; }

    public RotateMessage Rotate(uint messageId, uint epoch, params ulong[] revoked) => new()
    {
        MessageId = messageId,
        Epoch = epoch,
        WrappedKey = KeyWrap.Wrap(Macs, Secrets, Samples.DeviceId, epoch, Samples.EpochKey(epoch), Samples.Sequence(0xC0 + (int)epoch, 16)),
        RevokedKeyIds = revoked,
    };

    public CommitMessage Commit(uint messageId, uint epoch) => new() { MessageId = messageId, Epoch = epoch };

    /// <summary>The device's epoch as the cloud sees it, written into every bulletin (7 unless a test rotates further).</summary>
    public uint Epoch { get; set; } = 7;

    public BulletinMessage Bulletin(uint messageId, uint sequence, params BulletinEntry[] entries) =>
        BulletinFor(Samples.DeviceId, messageId, sequence, entries);

    public BulletinMessage BulletinFor(ulong deviceId, uint messageId, uint sequence, params BulletinEntry[] entries)
    {
        BulletinMessage bulletin = new()
        {
            MessageId = messageId,
            DeviceId = deviceId,
            Sequence = sequence,
            IssuedAt = Samples.Now,
            Epoch = Epoch,
            Entries = entries,
        };
        bulletin.Mac = Macs.BulletinMac(Secrets.BulletinKey, bulletin);
        return bulletin;
    }

    public TimeSyncMessage TimeSync(uint messageId, uint time) => TimeSyncFor(Samples.DeviceId, messageId, time);

    public TimeSyncMessage TimeSyncFor(ulong deviceId, uint messageId, uint time) => new()
    {
        MessageId = messageId,
        DeviceId = deviceId,
        Time = time,
        Mac = Macs.TimeMac(Secrets.TimeKey, deviceId, time),
    };

    /// <summary>The proof only a device holding E(<paramref name="epoch"/>) can give for a Rotate.</summary>
    public byte[] AckProof(uint epoch, uint messageId) => Macs.AckProof(Samples.EpochKey(epoch), Samples.DeviceId, epoch, messageId);

    /// <summary>A token tagged under E(<paramref name="epoch"/>): valid around <see cref="Samples.Now"/> for an hour, unlimited, unlock+lock+start.</summary>
    public KeyToken Token(uint epoch, ulong keyId = Samples.KeyId, Action<KeyToken>? tweak = null)
    {
        KeyToken token = new()
        {
            DeviceId = Samples.DeviceId,
            KeyId = keyId,
            Epoch = epoch,
            HolderId = Samples.HolderId,
            Permissions = Permissions.Unlock | Permissions.Lock | Permissions.Start,
            NotBefore = Samples.Now - 60,
            NotAfter = Samples.Now + 3600,
        };
        tweak?.Invoke(token);
        token.Tag = Macs.TokenTag(Samples.EpochKey(token.Epoch), token);
        return token;
    }

    /// <summary>The holder secret S the cloud gives the phone with <paramref name="token"/>.</summary>
    public byte[] HolderSecret(KeyToken token) => Macs.HolderSecret(Samples.EpochKey(token.Epoch), token.DeviceId, token.KeyId);

    /// <summary>What the cloud gives the phone for <paramref name="token"/>: the token and its holder secret.</summary>
    public HeldKey Held(KeyToken token) => new(token, HolderSecret(token));

    /// <summary>A phone's Command answering <paramref name="nonce"/>, signed by the protocol's <see cref="CommandSigner"/> (no attachments).</summary>
    public CommandMessage Command(KeyToken token, byte[] nonce, CommandCode code = CommandCode.Unlock, uint messageId = 42) =>
        Signer.SignWith(Held(token), Samples.DeviceId, nonce, code, messageId, null, null);

    public byte[] Frame(CommandMessage command) => _encoder.Encode(command);
}
