using ShareKey.Firmware.State;
using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Protocol.Tests.Support;

/// <summary>
/// Fixed keys and well-formed messages for tests. The numbers match the published test vectors
/// (docs/protocol-vectors.json) so a failing test can be compared with the spec by eye.
/// </summary>
public static class Samples
{
    public const ulong DeviceId = 0x5348415245000001;
    public const ulong KeyId = 0x4B45590000000001;
    public const ulong HolderId = 0x5553455200000001;
    public const uint Epoch = 7;
    public const uint Now = 1_800_000_000;

    public static readonly byte[] RootKey = Sequence(0x00, 32);
    public static readonly byte[] EpochKey = Sequence(0x40, 32);
    public static readonly byte[] Nonce = Sequence(0xA0, 16);

    public static ICryptoProvider Crypto { get; } = new DotNetCryptoProvider();

    public static byte[] Sequence(int start, int count)
    {
        var bytes = new byte[count];
        for (var i = 0; i < count; i++)
        {
            bytes[i] = (byte)(start + i);
        }

        return bytes;
    }

    /// <summary>A signed token valid at <see cref="Now"/> for an hour, unlimited uses, unlock+lock+start.</summary>
    public static KeyToken Token(Macs macs, Action<KeyToken>? tweak = null, byte[]? epochKey = null)
    {
        var token = new KeyToken
        {
            DeviceId = DeviceId,
            KeyId = KeyId,
            Epoch = Epoch,
            HolderId = HolderId,
            Permissions = Permissions.Unlock | Permissions.Lock | Permissions.Start,
            NotBefore = Now - 60,
            NotAfter = Now + 3600,
        };
        tweak?.Invoke(token);
        token.Tag = macs.TokenTag(epochKey ?? EpochKey, token);
        return token;
    }

    /// <summary>A command for <paramref name="token"/>, signed by the phone's <see cref="CommandSigner"/> with the holder secret the cloud would give it.</summary>
    public static CommandMessage Command(Macs macs, KeyToken token, CommandCode code = CommandCode.Unlock, byte[]? epochKey = null, byte[]? nonce = null) =>
        new CommandSigner(macs).SignWith(Held(macs, token, epochKey), token.DeviceId, nonce ?? Nonce, code, 1, null, null);

    /// <summary>What the phone holds for <paramref name="token"/>: the token and the holder secret the cloud derives from the epoch key.</summary>
    public static HeldKey Held(Macs macs, KeyToken token, byte[]? epochKey = null) =>
        new(token, macs.HolderSecret(epochKey ?? EpochKey, token.DeviceId, token.KeyId));

    /// <summary>A device at <see cref="Now"/> holding <see cref="EpochKey"/> as epoch 7 with the sample nonce outstanding.</summary>
    public static DeviceKeyState Device() => DeviceWithoutEpochs().WithEpoch(Epoch, EpochKey);

    /// <summary>The sample device before any Rotate reached it: no epoch held, the sample nonce outstanding.</summary>
    public static DeviceKeyState DeviceWithoutEpochs() => DeviceSetup.Fresh(DeviceId, Now).WithChallenge(Nonce);
}
