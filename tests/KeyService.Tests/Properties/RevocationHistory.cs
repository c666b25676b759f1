using ShareKey.Firmware.Downlink;
using ShareKey.Firmware.Events;
using ShareKey.Firmware.State;
using ShareKey.Firmware.Storage;
using ShareKey.Firmware.Unlock;
using ShareKey.KeyService.Keys;
using ShareKey.Protocol.Crypto;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.KeyService.Tests.Properties;

/// <summary>
/// One device's life for the revocation property: the real device core (DeviceKeyState,
/// DownlinkHandler, UnlockSession over flash in memory, rebooted at will) and a cloud whose
/// bulletins list what the real <see cref="BulletinIssuer.Listed"/> says, whose issue refusal is the
/// real <see cref="BulletinIssuer.IsLive"/> bound, and whose rotations list the revocations in force.
/// Phones keep every bulletin they ever fetched and may carry any of them later.
/// </summary>
public sealed class RevocationHistory
{
    public const ulong DeviceId = 0x5348415245000001;
    private static readonly byte[] RootKey = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    private readonly Macs _macs = new(new DotNetCryptoProvider());
    private readonly DeviceSecrets _secrets;
    private readonly MemorySlots _flash = new(DurableRecord.Overhead + DeviceKeyState.MaxSavedLength);
    private readonly MemorySlots _eventFlash = new(DurableRecord.Overhead + EventLog.MaxSavedLength);
    private readonly Uptime _uptime = new();
    private readonly List<VirtualKey> _keys = [];
    private readonly Dictionary<ulong, List<KeyToken>> _tokens = [];
    private readonly List<BulletinMessage> _carried = [];
    private readonly HashSet<ulong> _learned = [];
    private readonly Dictionary<ulong, uint> _revokedAt = [];
    private uint _messageId;
    private uint _sequence;
    private bool _pendingRotation;
    private DeviceKeyState _state = null!;
    private DownlinkHandler _downlink = null!;
    private UnlockSession _session = null!;

    public RevocationHistory()
    {
        _secrets = new DeviceSecrets(_macs, RootKey);
        Boot();
        Deliver(new TimeSyncMessage { DeviceId = DeviceId, Time = Now, Mac = _macs.TimeMac(_secrets.TimeKey, DeviceId, Now) });
        Epoch = 1;
        Deliver(Rotate(1));
    }

    public uint Now { get; private set; } = 1_800_000_000;

    public uint Epoch { get; private set; }

    public bool Online { get; set; } = true;

    /// <summary>
    /// A faulty cloud, for the device's half of the rule: its bulletins list only the newest three
    /// entries (the old 32-entry cut, made harsher), so the device alone must keep what it learned.
    /// </summary>
    public bool Truncating { get; init; }

    public IReadOnlyList<VirtualKey> Keys => _keys;

    /// <summary>Keys the device has been told are revoked, by a bulletin or Rotate it applied.</summary>
    public IReadOnlyCollection<ulong> Learned => _learned;

    public void Issue(uint lifetime, int parentIndex)
    {
        if (_keys.Count(key => BulletinIssuer.IsLive(key, Epoch, Now)) >= BulletinMessage.MaxEntries)
        {
            return;
        }

        var parent = parentIndex >= 0 && parentIndex < _keys.Count ? _keys[parentIndex].Id : 0;
        var key = new VirtualKey((ulong)_keys.Count + 0x100, DeviceId, 7, KeyType.Shared, Permissions.Unlock | Permissions.Lock, TokenFlags.None, Epoch,
            Now - 60, lifetime == 0 ? BulletinEntry.NoExpiry : Now + lifetime, 0, parent, KeyState.Active, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        _keys.Add(key);
        _tokens[key.Id] = [Mint(key)];
    }

    public void Change(int index, KeyState wanted)
    {
        if (_keys.Count == 0)
        {
            return;
        }

        var key = _keys[index % _keys.Count];
        if (key.State == KeyState.Revoked || (wanted == KeyState.Active && key.State != KeyState.Frozen))
        {
            return;
        }

        _keys[index % _keys.Count] = key with { State = wanted };
        _sequence++;
        if (wanted == KeyState.Revoked)
        {
            _revokedAt[key.Id] = _sequence;
        }

        var bulletin = Bulletin();
        _carried.Add(bulletin);
        if (Online)
        {
            Deliver(bulletin);
        }
    }

    /// <summary>A phone fetches a key: it gets the current bulletin, rebuilt now at the current sequence.</summary>
    public void Fetch()
    {
        if (_sequence > 0)
        {
            _carried.Add(Bulletin());
        }
    }

    public void Rotate()
    {
        _pendingRotation = true;
        if (Online)
        {
            DeliverRotation();
        }
    }

    public void ComeOnline()
    {
        Online = true;
        if (_sequence > 0)
        {
            Deliver(Bulletin());
        }

        if (_pendingRotation)
        {
            DeliverRotation();
        }
    }

    public void Advance(uint seconds)
    {
        Now += seconds;
        _uptime.Seconds += seconds;
    }

    public void Reboot() => Boot();

    /// <summary>
    /// A phone holding one of <paramref name="keyIndex"/>'s tokens tries it, carrying one of the
    /// bulletins ever fetched (none for a negative index; the newest for <see cref="int.MaxValue"/>).
    /// </summary>
    public (VirtualKey Key, bool Accepted) Try(int keyIndex, int tokenIndex, int bulletinIndex)
    {
        var key = _keys[keyIndex % _keys.Count];
        var tokens = _tokens[key.Id];
        var token = tokens[tokenIndex % tokens.Count];
        var carried = bulletinIndex < 0 || _carried.Count == 0 ? null : _carried[Math.Min(bulletinIndex, _carried.Count - 1) % _carried.Count];
        var before = _state.Bulletin.Sequence;
        var challenge = _session.IssueChallengeFrame()!;
        var nonce = ((ChallengeMessage)new MessageDecoder(_macs).Decode(challenge, 0, challenge.Length)).Nonce;
        var held = new HeldKey(token, _macs.HolderSecret(EpochKey(token.Epoch), DeviceId, token.KeyId));
        var command = new CommandSigner(_macs).SignWith(held, DeviceId, nonce, CommandCode.Unlock, ++_messageId, carried, null);
        var frame = new MessageEncoder(_macs).Encode(command);
        var outcome = _session.HandleCommand(frame, 0, frame.Length);
        if (carried is not null && _state.Bulletin.Sequence > before)
        {
            Learn(carried.Entries.Where(entry => entry.Standing == KeyStanding.Revoked).Select(entry => entry.KeyId));
        }

        return (key, outcome.Accepted);
    }

    /// <summary>The bulletin sequence the device has applied.</summary>
    public uint DeviceSequence => _state.Bulletin.Sequence;

    /// <summary>The first bulletin sequence issued after the key's revocation, if it is revoked.</summary>
    public uint? RevokedAt(ulong keyId) => _revokedAt.TryGetValue(keyId, out var sequence) ? sequence : null;

    public static byte[] EpochKey(uint epoch) => Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + epoch)).ToArray();

    private void Boot()
    {
        _state = new DeviceKeyState(DeviceId, new DurableRecord(_flash), _uptime, _macs.Crypto, new LockOutPolicy(5, 60, 300));
        _state.Open();
        var events = new EventLog(new DurableRecord(_eventFlash));
        events.Open();
        _downlink = new DownlinkHandler(_state, _macs, _secrets, null, null);
        _session = new UnlockSession(_state, _macs, _secrets, events, null);
    }

    private BulletinMessage Bulletin()
    {
        var bulletin = new BulletinMessage
        {
            DeviceId = DeviceId,
            Sequence = _sequence,
            IssuedAt = Now,
            Epoch = Epoch,
            Entries = Truncating ? BulletinIssuer.Listed(_keys, Epoch, Now).OrderByDescending(entry => entry.KeyId).Take(3).ToArray() : BulletinIssuer.Listed(_keys, Epoch, Now).ToArray(),
        };
        bulletin.Mac = _macs.BulletinMac(_secrets.BulletinKey, bulletin);
        return bulletin;
    }

    private RotateMessage Rotate(uint epoch)
    {
        var revoked = BulletinIssuer.Listed(_keys, Epoch, Now).Where(entry => entry.Standing == KeyStanding.Revoked).Select(entry => entry.KeyId)
            .OrderByDescending(id => id).Take(Truncating ? 3 : RotateMessage.MaxRevokedKeys).ToArray();
        return new RotateMessage
        {
            Epoch = epoch,
            WrappedKey = KeyWrap.Wrap(_macs, _secrets, DeviceId, epoch, EpochKey(epoch), new byte[16]),
            RevokedKeyIds = revoked,
        };
    }

    /// <summary>Rotate, proof, confirm (keys not revoked move to the new epoch and get new tokens), Commit.</summary>
    private void DeliverRotation()
    {
        var rotate = Rotate(Epoch + 1);
        var ack = Deliver(rotate);
        if (ack.Status != AckStatus.Applied)
        {
            return;
        }

        Learn(rotate.RevokedKeyIds);
        _pendingRotation = false;
        Epoch++;
        for (var i = 0; i < _keys.Count; i++)
        {
            if (_keys[i].State != KeyState.Revoked)
            {
                _keys[i] = _keys[i] with { Epoch = Epoch };
                _tokens[_keys[i].Id].Add(Mint(_keys[i]));
            }
        }

        Deliver(new CommitMessage { Epoch = Epoch });
    }

    private AckMessage Deliver(Message message)
    {
        message.MessageId = ++_messageId;
        var before = _state.Bulletin.Sequence;
        var ack = _downlink.Handle(message);
        if (message is BulletinMessage bulletin && _state.Bulletin.Sequence > before)
        {
            Learn(bulletin.Entries.Where(entry => entry.Standing == KeyStanding.Revoked).Select(entry => entry.KeyId));
        }

        return ack;
    }

    private void Learn(IEnumerable<ulong> keyIds)
    {
        foreach (var keyId in keyIds)
        {
            _learned.Add(keyId);
        }
    }

    private KeyToken Mint(VirtualKey key)
    {
        var token = new KeyToken
        {
            DeviceId = DeviceId, KeyId = key.Id, Epoch = key.Epoch, HolderId = key.HolderId, Permissions = key.Permissions, Flags = key.Flags,
            NotBefore = key.NotBefore, NotAfter = key.NotAfter, MaxUses = key.MaxUses, ParentKeyId = key.ParentKeyId,
        };
        token.Tag = _macs.TokenTag(EpochKey(key.Epoch), token);
        return token;
    }

    private sealed class Uptime : IClock
    {
        public uint Seconds { get; set; }

        public uint UptimeSeconds => Seconds;
    }
}
