using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.State;

/// <summary>
/// docs/protocol.md §4.5: a bulletin is applied by sequence; its revocations join those the device
/// keeps (merged, never replaced), its freezes replace the held ones, and the clock moves to its issue time.
/// </summary>
public sealed class BulletinApplyTests
{
    private const ulong A = 0xA1;
    private const ulong B = 0xB2;
    private const ulong C = 0xC3;

    private readonly DeviceRig _rig = new();
    private readonly TestCloud _cloud = new();

    public BulletinApplyTests()
    {
        _rig.Downlink.Handle(_cloud.Rotate(1, 7));
    }

    [Fact]
    public void Without_a_bulletin_every_key_is_in_good_standing()
    {
        Assert.Equal(0u, _rig.State.Bulletin.Sequence);
        Assert.Equal(KeyStanding.Good, _rig.State.StandingOf(A));
    }

    [Fact]
    public void A_newer_bulletin_that_omits_a_revocation_does_not_lift_it()
    {
        _rig.State.ApplyBulletin(_cloud.Bulletin(1, 4, Revoked(A), Frozen(B)));

        Assert.True(_rig.State.ApplyBulletin(_cloud.Bulletin(2, 5, Revoked(C))));

        Assert.Equal(5u, _rig.State.Bulletin.Sequence);
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(A));
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(C));
        Assert.Equal(KeyStanding.Good, _rig.State.StandingOf(B));
    }

    [Theory]
    [InlineData(4u)]
    [InlineData(3u)]
    public void An_older_or_equal_bulletin_is_refused_and_cannot_undo_a_newer_one(uint sequence)
    {
        _rig.State.ApplyBulletin(_cloud.Bulletin(1, 4, Revoked(A), Frozen(B)));

        Assert.False(_rig.State.ApplyBulletin(_cloud.Bulletin(2, sequence)));

        Assert.Equal(4u, _rig.State.Bulletin.Sequence);
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(A));
        Assert.Equal(KeyStanding.Frozen, _rig.State.StandingOf(B));
    }

    [Fact]
    public void A_freeze_is_lifted_by_a_newer_bulletin_that_no_longer_lists_the_key()
    {
        _rig.State.ApplyBulletin(_cloud.Bulletin(1, 1, Frozen(B)));
        Assert.Equal(KeyStanding.Frozen, _rig.State.StandingOf(B));

        _rig.State.ApplyBulletin(_cloud.Bulletin(2, 2));

        Assert.Equal(KeyStanding.Good, _rig.State.StandingOf(B));
    }

    [Fact]
    public void A_revocation_outranks_a_freeze()
    {
        _rig.State.ApplyBulletin(_cloud.Bulletin(1, 1, Frozen(B)));

        _rig.State.RevokeLocally(B, 7);

        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(B));
    }

    [Fact]
    public void A_listed_transfer_stands_as_transferred()
    {
        _rig.State.ApplyBulletin(_cloud.Bulletin(1, 1, new BulletinEntry(A, KeyStanding.Transferred, BulletinEntry.NoExpiry)));

        Assert.Equal(KeyStanding.Transferred, _rig.State.StandingOf(A));
    }

    [Fact]
    public void A_bulletin_moves_the_clock_forward_to_its_issue_time_never_back()
    {
        _rig.State.ApplyBulletin(_cloud.Bulletin(1, 1));
        Assert.Equal(Samples.Now, _rig.State.Now);

        _rig.State.Clock.AdvanceTo(Samples.Now + 500);
        _rig.State.ApplyBulletin(_cloud.Bulletin(2, 2));

        Assert.Equal(Samples.Now + 500, _rig.State.Now);
    }

    [Fact]
    public void A_full_bulletin_of_26_entries_is_kept_whole()
    {
        BulletinEntry[] entries = Enumerable.Range(1, BulletinMessage.MaxEntries)
            .Select(i => i % 2 == 0 ? Frozen((ulong)i) : Revoked((ulong)i))
            .ToArray();

        _rig.State.ApplyBulletin(_cloud.Bulletin(1, 1, entries));

        Assert.Equal(13, _rig.State.Bulletin.Count);
        Assert.Equal(13, _rig.State.Revocations.Count);
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(25));
        Assert.Equal(KeyStanding.Frozen, _rig.State.StandingOf(26));
    }

    [Fact]
    public void A_revocation_already_expired_on_the_device_clock_takes_no_room()
    {
        _rig.State.ApplyBulletin(_cloud.Bulletin(1, 1, new BulletinEntry(A, KeyStanding.Revoked, Samples.Now)));

        Assert.Equal(0, _rig.State.Revocations.Count);
    }

    private static BulletinEntry Revoked(ulong keyId) => new(keyId, KeyStanding.Revoked, BulletinEntry.NoExpiry);

    private static BulletinEntry Frozen(ulong keyId) => new(keyId, KeyStanding.Frozen, BulletinEntry.NoExpiry);
}
