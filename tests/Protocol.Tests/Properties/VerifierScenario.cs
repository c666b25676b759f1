using FsCheck;
using FsCheck.Fluent;
using ShareKey.Firmware.State;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tests.Support;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;
using static ShareKey.Protocol.Tests.Support.ValueGens;

namespace ShareKey.Protocol.Tests.Properties;

public enum HeldEpoch
{
    Active,
    Backup,
    Unknown,
}

public enum SentNonce
{
    Outstanding,
    Other,
    NoChallenge,
}

public enum CommandSecret
{
    /// <summary>MAC'd with the holder secret of this token: the legitimate phone.</summary>
    HolderSecret,
    /// <summary>The right secret, but a bit of the MAC flipped in transit.</summary>
    CorruptedMac,
    /// <summary>MAC'd with another key's holder secret: someone replaying a token they were not given.</summary>
    OtherKeysSecret,
}

/// <summary>
/// One situation at the door: a device's state and a phone's command, described by choices rather
/// than bytes, so <see cref="VerifierModel"/> can judge it without any cryptography.
/// </summary>
public sealed record VerifierScenario(
    bool LockedOut,
    bool ForeignDevice,
    HeldEpoch Epoch,
    SentNonce Nonce,
    bool TagIntact,
    CommandSecret Secret,
    KeyStanding Standing,
    ulong ParentKeyId,
    KeyStanding ParentStanding,
    bool TransferShare,
    uint Now,
    uint NotBefore,
    uint NotAfter,
    Permissions Permissions,
    CommandCode Command,
    ushort MaxUses,
    int Used)
{
    private const uint ActiveEpoch = 8;
    private const uint BackupEpoch = 7;
    private const uint UnknownEpoch = 9;
    private const ulong ParentId = Samples.KeyId + 1;
    private const ulong OtherKeyId = Samples.KeyId + 2;

    private static readonly byte[] ActiveKey = Samples.Sequence(0x40, 32);
    private static readonly byte[] BackupKey = Samples.Sequence(0x60, 32);
    private static readonly byte[] RetiredKey = Samples.Sequence(0x80, 32);
    private static readonly byte[] OtherNonce = Samples.Sequence(0xB0, 16);

    private static readonly Gen<KeyStanding> Standings = Gen.Frequency(
        (6, Gen.Constant(KeyStanding.Good)), (1, Gen.Constant(KeyStanding.Revoked)), (1, Gen.Constant(KeyStanding.Frozen)), (1, Gen.Constant(KeyStanding.Transferred)), (1, Gen.Constant(KeyStanding.Changed)));

    /// <summary>Validity windows with the clock on, just before and just after each edge, or anywhere.</summary>
    private static readonly Gen<(uint Now, uint NotBefore, uint NotAfter)> Times =
        from notBefore in Gen.Choose(1_000_000, int.MaxValue - 1_000_000).Select(v => (uint)v)
        from window in Gen.Choose(1, 100_000)
        from offset in Gen.Frequency(
            (1, Gen.Elements(-1, 0, 1, window - 1, window, window + 1)),
            (2, Gen.Choose(-2 * window, 2 * window)))
        select ((uint)(notBefore + offset), notBefore, notBefore + (uint)window);

    public static readonly Gen<VerifierScenario> Any =
        from lockedOut in Rarely(12)
        from foreign in Rarely(12)
        from epoch in Gen.Frequency((6, Gen.Constant(HeldEpoch.Active)), (3, Gen.Constant(HeldEpoch.Backup)), (1, Gen.Constant(HeldEpoch.Unknown)))
        from nonce in Gen.Frequency((18, Gen.Constant(SentNonce.Outstanding)), (1, Gen.Constant(SentNonce.Other)), (1, Gen.Constant(SentNonce.NoChallenge)))
        from tagIntact in Rarely(12).Select(b => !b)
        from secret in Gen.Frequency((18, Gen.Constant(CommandSecret.HolderSecret)), (1, Gen.Constant(CommandSecret.CorruptedMac)), (1, Gen.Constant(CommandSecret.OtherKeysSecret)))
        from standing in Standings
        from parent in Gen.Elements(0UL, ParentId)
        from parentStanding in Standings
        from transfer in Rarely(2)
        from times in Times
        from permissions in Gen.Frequency((3, Gen.Constant(0x1F)), (2, Gen.Choose(0, 0x1F)))
        from command in EnumIn<CommandCode>(1, 3)
        from maxUses in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(1, 4)), (1, Gen.Choose(0, ushort.MaxValue)))
        from used in Gen.Frequency((3, Gen.Choose(0, 5)), (1, Gen.Choose(0, ushort.MaxValue + 1)))
        select new VerifierScenario(
            lockedOut, foreign, epoch, nonce, tagIntact, secret, standing, parent, parentStanding, transfer && parent != 0,
            times.Now, times.NotBefore, times.NotAfter, (Permissions)permissions, command, (ushort)maxUses, used);

    private uint TokenEpoch => Epoch switch
    {
        HeldEpoch.Active => ActiveEpoch,
        HeldEpoch.Backup => BackupEpoch,
        _ => UnknownEpoch,
    };

    private byte[] TokenEpochKey => Epoch switch
    {
        HeldEpoch.Active => ActiveKey,
        HeldEpoch.Backup => BackupKey,
        _ => RetiredKey,
    };

    /// <summary>The command as the phone builds it: a token the cloud tagged, MAC'd with whichever secret the scenario says.</summary>
    public CommandMessage BuildCommand(Macs issuer)
    {
        var token = BuildToken(issuer);
        var nonce = Nonce == SentNonce.Other ? OtherNonce : Samples.Nonce;
        var command = Samples.Command(issuer, token, Command, TokenEpochKey, nonce);
        if (Secret == CommandSecret.OtherKeysSecret)
        {
            var otherSecret = issuer.HolderSecret(TokenEpochKey, token.DeviceId, OtherKeyId);
            command = new CommandSigner(issuer).SignWith(new HeldKey(token, otherSecret), token.DeviceId, nonce, Command, command.MessageId, null, null);
        }
        else if (Secret == CommandSecret.CorruptedMac)
        {
            command.Mac[^1] ^= 0x01;
        }

        if (!TagIntact)
        {
            token.Tag[0] ^= 0x80;
        }

        return command;
    }

    /// <summary>The scenario's token, tagged by the cloud under its epoch's key.</summary>
    private KeyToken BuildToken(Macs issuer) => Samples.Token(issuer, t =>
        {
            t.DeviceId = ForeignDevice ? Samples.DeviceId ^ 1 : Samples.DeviceId;
            t.Epoch = TokenEpoch;
            t.ParentKeyId = ParentKeyId;
            t.Flags = TransferShare ? TokenFlags.TransferFromParent : TokenFlags.None;
            t.Permissions = Permissions;
            t.NotBefore = NotBefore;
            t.NotAfter = NotAfter;
            t.MaxUses = MaxUses;
        }, TokenEpochKey);

    /// <summary>The secret the cloud gave this token's phone over HTTPS.</summary>
    public byte[] HolderSecret(Macs issuer) => issuer.HolderSecret(TokenEpochKey, Samples.DeviceId, Samples.KeyId);

    /// <summary>The boards' own device state, brought into the scenario's situation; <see cref="VerifierModel"/> stays the oracle.</summary>
    public DeviceKeyState BuildDevice(Macs issuer)
    {
        var device = DeviceSetup.Fresh(Samples.DeviceId, Now)
            .WithEpoch(BackupEpoch, BackupKey)
            .WithEpoch(ActiveEpoch, ActiveKey)
            .WithStandings(ParentKeyId == 0 ? [(Samples.KeyId, Standing)] : [(Samples.KeyId, Standing), (ParentKeyId, ParentStanding)])
            .WithUses(BuildToken(issuer), Used);
        if (LockedOut)
        {
            device.WithLockOut(Samples.KeyId);
        }

        return Nonce == SentNonce.NoChallenge ? device : device.WithChallenge(Samples.Nonce);
    }

    /// <summary>Each failure is rare enough that most scenarios reach the semantic checks, common enough that all are seen.</summary>
    private static Gen<bool> Rarely(int oneIn) => Gen.Frequency((1, Gen.Constant(true)), (oneIn - 1, Gen.Constant(false)));
}
