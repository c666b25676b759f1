using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.State;

/// <summary>docs/protocol.md §4.5: bulletins are complete snapshots applied by sequence.</summary>
public sealed class BulletinStandingsTests
{
    private const ulong A = 0xA1;
    private const ulong B = 0xB2;

    private readonly DeviceRig _rig = new();
    private readonly TestCloud _cloud = new();

    [Fact]
    public void Without_a_bulletin_every_key_is_in_good_standing()
    {
        Assert.Equal(0u, _rig.State.Bulletin.Sequence);
        Assert.Equal(KeyStanding.Good, _rig.State.StandingOf(A));
    }

    [Fact]
    public void A_newer_bulletin_replaces_the_whole_list()
    {
        _rig.State.Bulletin.Apply(_cloud.Bulletin(1, 4, new BulletinEntry(A, KeyStanding.Revoked), new BulletinEntry(B, KeyStanding.Frozen)));

        Assert.True(_rig.State.Bulletin.Apply(_cloud.Bulletin(2, 5, new BulletinEntry(A, KeyStanding.Revoked))));

        Assert.Equal(5u, _rig.State.Bulletin.Sequence);
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(A));
        Assert.Equal(KeyStanding.Good, _rig.State.StandingOf(B));
    }

    [Theory]
    [InlineData(4u)]
    [InlineData(3u)]
    public void An_older_or_equal_bulletin_is_refused_and_cannot_undo_a_newer_one(uint sequence)
    {
        _rig.State.Bulletin.Apply(_cloud.Bulletin(1, 4, new BulletinEntry(A, KeyStanding.Revoked)));

        Assert.False(_rig.State.Bulletin.Apply(_cloud.Bulletin(2, sequence)));

        Assert.Equal(4u, _rig.State.Bulletin.Sequence);
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(A));
    }

    [Fact]
    public void A_freeze_is_lifted_by_a_newer_bulletin_that_no_longer_lists_the_key()
    {
        _rig.State.Bulletin.Apply(_cloud.Bulletin(1, 1, new BulletinEntry(B, KeyStanding.Frozen)));
        Assert.Equal(KeyStanding.Frozen, _rig.State.StandingOf(B));

        _rig.State.Bulletin.Apply(_cloud.Bulletin(2, 2));

        Assert.Equal(KeyStanding.Good, _rig.State.StandingOf(B));
    }

    [Fact]
    public void A_local_revocation_outranks_a_bulletin_freeze()
    {
        _rig.State.Bulletin.Apply(_cloud.Bulletin(1, 1, new BulletinEntry(B, KeyStanding.Frozen)));

        _rig.State.RevokeLocally(B, 7);

        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(B));
    }

    [Fact]
    public void A_full_bulletin_of_32_entries_is_kept_whole()
    {
        BulletinEntry[] entries = Enumerable.Range(1, BulletinMessage.MaxEntries)
            .Select(i => new BulletinEntry((ulong)i, i % 2 == 0 ? KeyStanding.Frozen : KeyStanding.Revoked))
            .ToArray();

        _rig.State.Bulletin.Apply(_cloud.Bulletin(1, 1, entries));

        Assert.Equal(32, _rig.State.Bulletin.Count);
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(31));
        Assert.Equal(KeyStanding.Frozen, _rig.State.StandingOf(32));
    }
}
