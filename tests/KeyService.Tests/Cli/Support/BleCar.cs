using System.Security.Cryptography;
using ShareKey.BleBridge;
using ShareKey.KeyService.Tests.Service.Support;
using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Verification;

namespace ShareKey.KeyService.Tests.Cli;

/// <summary>
/// The BLE side of a scripted device, served on a <see cref="BridgeServer"/> for `sharekey phone`:
/// the boards' own <see cref="CommandVerifier"/> over the epoch keys the scripted device unwrapped
/// from its rotations. It has no network of its own here: bulletins and time reach it only when a
/// phone carries them, as at an underground car park.
/// </summary>
public sealed class BleCar : IGattPeripheral, IVerifierState, IAsyncDisposable
{
    private readonly ScriptedDevice _device;
    private readonly Macs _macs = new(new DotNetCryptoProvider());
    private readonly Dictionary<ulong, KeyStanding> _standings = [];
    private readonly Dictionary<ulong, int> _uses = [];
    private readonly BridgeServer _server;
    private byte[]? _challenge;
    private byte[]? _nonce;
    private uint _bulletinSequence;
    private uint _messageId;

    public BleCar(ScriptedDevice device)
    {
        _device = device;
        Now = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        _server = new BridgeServer(this, new BridgeServerOptions());
        _server.Start();
    }

    /// <summary>HOST:PORT for --bridge.</summary>
    public string Address => _server.EndPoint.ToString();

    public ulong DeviceId => _device.Id;

    public uint Now { get; private set; }

    public bool IsLockedOut(ulong keyId) => false;

    /// <summary>Flip a bit of every Result MAC: an answer not from the real device.</summary>
    public bool ForgeResults { get; set; }

    public byte[]? EpochKey(uint epoch) =>
        epoch == _device.ActiveEpoch || (epoch != 0 && epoch == _device.BackupEpoch) ? _device.EpochKeys.GetValueOrDefault(epoch) : null;

    public KeyStanding StandingOf(ulong keyId) => _standings.GetValueOrDefault(keyId, KeyStanding.Good);

    public int UsesOf(ulong keyId) => _uses.GetValueOrDefault(keyId);

    public bool ConsumeNonce(byte[] nonce)
    {
        var matches = _nonce is not null && CryptographicOperations.FixedTimeEquals(_nonce, nonce);
        _nonce = null;
        return matches;
    }

    public byte[]? Connected() => _challenge = NewChallenge();

    public byte[]? ReadChallenge() => _challenge;

    public void Signal(int rssiDbm)
    {
    }

    public byte[] WriteCommand(byte[] frame)
    {
        var command = (CommandMessage)new MessageDecoder(_macs).Decode(frame, 0, frame.Length);
        Apply(command.Bulletin);
        Apply(command.Time);
        var verifier = new CommandVerifier(_macs);
        var verdict = verifier.Verify(this, command);
        if (verdict.IsCounted)
        {
            _uses[command.Token.KeyId] = UsesOf(command.Token.KeyId) + 1;
        }

        var result = verifier.SignResult(verdict, DeviceId, command, command.MessageId, Now);
        if (ForgeResults)
        {
            result.Mac[0] ^= 1;
        }

        _challenge = NewChallenge();
        return new MessageEncoder(_macs).Encode(result);
    }

    public void Disconnected() => _challenge = null;

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private void Apply(BulletinMessage? bulletin)
    {
        if (bulletin is not null && bulletin.DeviceId == DeviceId && bulletin.Sequence > _bulletinSequence
            && ConstantTime.Equals(_macs.BulletinMac(_device.Secrets.BulletinKey, bulletin), bulletin.Mac))
        {
            _bulletinSequence = bulletin.Sequence;
            _standings.Clear();
            foreach (var entry in bulletin.Entries)
            {
                _standings[entry.KeyId] = entry.Standing;
            }
        }
    }

    private void Apply(TimeSyncMessage? time)
    {
        if (time is not null && time.DeviceId == DeviceId && time.Time > Now
            && ConstantTime.Equals(_macs.TimeMac(_device.Secrets.TimeKey, DeviceId, time.Time), time.Mac))
        {
            Now = time.Time;
        }
    }

    private byte[]? NewChallenge()
    {
        if (_device.ActiveEpoch == 0)
        {
            return null;
        }

        _nonce = RandomNumberGenerator.GetBytes(16);
        return new MessageEncoder(_macs).Encode(new ChallengeMessage
        {
            MessageId = ++_messageId,
            DeviceId = DeviceId,
            Nonce = _nonce,
            DeviceTime = Now,
            ActiveEpoch = _device.ActiveEpoch,
            BackupEpoch = _device.BackupEpoch,
            BulletinSequence = _bulletinSequence,
        });
    }
}
