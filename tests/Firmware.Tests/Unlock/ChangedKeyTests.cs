using ShareKey.Firmware.State;
using ShareKey.Firmware.Storage;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Tests.Unlock;

/// <summary>
/// R1.5 on the device: once a bulletin names a key as changed, only its newest token (the entry's
/// fingerprint) opens; the old one is refused superseded — offline, from a carried bulletin, after
/// a reboot — while tokens shared from the key keep working.
/// </summary>
public sealed class ChangedKeyTests
{
    private const ulong Key = 0x7A7A;
    private const ulong Share = 0x7B7B;

    private readonly TestCloud _cloud = new();
    private readonly DeviceRig _rig;
    private readonly KeyToken _old;
    private readonly KeyToken _new;

    public ChangedKeyTests()
    {
        _rig = DeviceRig.Provisioned(_cloud);
        _old = _cloud.Token(7, Key, t => t.NotAfter = Samples.Now + 7200);
        _new = _cloud.Token(7, Key, t => t.NotAfter = Samples.Now + 3600);
    }

    [Fact]
    public void After_the_change_the_old_token_is_refused_and_the_new_one_opens()
    {
        Assert.True(new Phone(_cloud, _rig, _old).Send().Accepted);

        _rig.Downlink.Handle(_cloud.Bulletin(3, 1, Changed(Key, _new)));

        Assert.Equal(RefusalReason.Superseded, new Phone(_cloud, _rig, _old).Send().Reason);
        Assert.True(new Phone(_cloud, _rig, _new).Send().Accepted);
    }

    [Fact]
    public void A_phone_carrying_the_bulletin_teaches_an_offline_device_and_it_survives_a_reboot()
    {
        var carrier = new Phone(_cloud, _rig, _cloud.Token(7, 0x1111));
        Assert.True(carrier.Send(bulletin: _cloud.Bulletin(0, 1, Changed(Key, _new))).Accepted);

        _rig.Reboot();
        _rig.Signal(-50, -50, -50);

        Assert.Equal(RefusalReason.Superseded, new Phone(_cloud, _rig, _old).Send().Reason);
        Assert.True(new Phone(_cloud, _rig, _new).Send().Accepted);
    }

    [Fact]
    public void Shares_of_a_changed_key_keep_working()
    {
        _rig.Downlink.Handle(_cloud.Bulletin(3, 1, Changed(Key, _new)));

        Assert.True(new Phone(_cloud, _rig, _cloud.Token(7, Share, t => t.ParentKeyId = Key)).Send().Accepted);
    }

    [Fact]
    public void An_older_bulletin_cannot_undo_the_change_and_a_newer_one_moves_it_to_the_next_token()
    {
        var newest = _cloud.Token(7, Key, t => t.NotAfter = Samples.Now + 1800);
        _rig.Downlink.Handle(_cloud.Bulletin(3, 2, Changed(Key, _new)));

        _rig.Downlink.Handle(_cloud.Bulletin(4, 1));
        Assert.Equal(RefusalReason.Superseded, new Phone(_cloud, _rig, _old).Send().Reason);

        _rig.Downlink.Handle(_cloud.Bulletin(5, 3, Changed(Key, newest)));
        Assert.Equal(RefusalReason.Superseded, new Phone(_cloud, _rig, _new).Send().Reason);
        Assert.True(new Phone(_cloud, _rig, newest).Send().Accepted);
    }

    [Fact]
    public void A_revocation_or_freeze_of_a_changed_key_wins_over_its_newest_token()
    {
        _rig.Downlink.Handle(_cloud.Bulletin(3, 1, Changed(Key, _new)));
        _rig.Downlink.Handle(_cloud.Bulletin(4, 2, new BulletinEntry(Key, KeyStanding.Frozen, BulletinEntry.NoExpiry)));

        Assert.Equal(RefusalReason.Frozen, new Phone(_cloud, _rig, _new).Send().Reason);
    }

    [Fact]
    public void A_state_saved_before_changed_keys_existed_is_still_read_with_its_freezes()
    {
        _rig.Downlink.Handle(_cloud.Bulletin(3, 6, new BulletinEntry(Key, KeyStanding.Frozen, BulletinEntry.NoExpiry)));
        var record = new DurableRecord(_rig.Flash);
        byte[] legacy = LegacyFormat(record.Open()!);
        record.Write(legacy, 0, legacy.Length);

        _rig.Reboot();

        Assert.True(_rig.Restored);
        Assert.Equal(6u, _rig.State.Bulletin.Sequence);
        Assert.True(_rig.State.Bulletin.IsFrozen(Key));
    }

    private static BulletinEntry Changed(ulong keyId, KeyToken newest) =>
        new(keyId, KeyStanding.Changed, BulletinEntry.FingerprintOf(newest.Tag));

    /// <summary>The same state in format 2: one frozen key id, without standing byte and fingerprint.</summary>
    private static byte[] LegacyFormat(byte[] saved)
    {
        int at = 1 + 8 + ForwardClock.SavedLength + EpochKeys.SavedLength;
        int count = saved[at + 4];
        var legacy = new List<byte> { 2 };
        legacy.AddRange(saved[1..(at + 5)]);
        for (int i = 0; i < count; i++)
        {
            legacy.AddRange(saved[(at + 5 + (i * 13))..(at + 5 + (i * 13) + 8)]);
        }

        legacy.AddRange(saved[(at + 5 + (count * 13))..]);
        return legacy.ToArray();
    }
}
