using ShareKey.Firmware.State;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.State;

/// <summary>
/// The device's revocation table (docs/protocol.md §4.5, §9.3): what it forgets (only what can no
/// longer matter), and how it fails closed when full.
/// </summary>
public sealed class RevokedKeysTests
{
    private readonly DeviceRig _rig = new();

    public RevokedKeysTests()
    {
        _rig.State.Clock.AdvanceTo(Samples.Now);
        _rig.State.Epochs.Install(7, Samples.EpochKey(7));
        _rig.State.Epochs.Install(8, Samples.EpochKey(8));
    }

    private RevokedKeys Table => _rig.State.Revocations;

    [Fact]
    public void A_revoked_key_stays_revoked()
    {
        _rig.State.RevokeLocally(0x11, 7);
        _rig.State.RevokeLocally(0x11, 8);

        Assert.Equal(1, Table.Count);
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(0x11));
    }

    [Fact]
    public void A_parent_revoked_by_a_transfer_stands_as_transferred()
    {
        Assert.True(_rig.State.RevokeTransferredParent(0x22, 8));

        Assert.Equal(KeyStanding.Transferred, _rig.State.StandingOf(0x22));
    }

    [Fact]
    public void An_outright_revocation_outranks_a_transfer_whichever_comes_first()
    {
        _rig.State.RevokeTransferredParent(0x22, 8);
        _rig.State.RevokeLocally(0x22, 8);
        _rig.State.RevokeLocally(0x33, 8);
        _rig.State.RevokeTransferredParent(0x33, 8);

        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(0x22));
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(0x33));
    }

    [Fact]
    public void Every_kind_of_revocation_and_the_seal_survive_a_reboot()
    {
        _rig.State.RevokeTransferredParent(0x22, 8);
        _rig.State.RevokeLocally(0x33, 8);
        Table.Announce(0x44, false, 8, Samples.Now + 100, _rig.State.Epochs, _rig.State.Now);
        FillAndSeal(8);
        _rig.State.Save();

        var rebooted = _rig.Reboot();

        Assert.Equal(KeyStanding.Transferred, rebooted.StandingOf(0x22));
        Assert.Equal(KeyStanding.Revoked, rebooted.StandingOf(0x33));
        Assert.Equal(KeyStanding.Transferred, rebooted.StandingOf(0x44));
        Assert.Equal(8u, rebooted.Revocations.SealedThrough);
        Assert.Null(rebooted.EpochKey(8));
    }

    [Fact]
    public void An_entry_is_forgotten_once_its_key_expired_on_the_device_clock()
    {
        Table.Announce(0x11, true, 8, Samples.Now + 100, _rig.State.Epochs, _rig.State.Now);
        _rig.State.Clock.AdvanceTo(Samples.Now + 99);
        _rig.State.PruneRevocations();
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(0x11));

        _rig.State.Clock.AdvanceTo(Samples.Now + 100);
        _rig.State.PruneRevocations();

        Assert.Equal(0, Table.Count);
    }

    [Fact]
    public void An_entry_is_kept_while_any_held_epoch_is_at_or_below_its_epoch()
    {
        _rig.State.RevokeLocally(0x11, 7);
        _rig.State.RevokeLocally(0x12, 9);

        _rig.State.PruneRevocations();
        Assert.Equal(2, Table.Count);

        _rig.State.Epochs.DropBackup();
        _rig.State.PruneRevocations();

        Assert.Equal(KeyStanding.Good, _rig.State.StandingOf(0x11));
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(0x12));
    }

    [Fact]
    public void A_transfer_the_cloud_has_not_listed_is_never_forgotten()
    {
        _rig.State.RevokeTransferredParent(0x22, 7);
        _rig.State.Epochs.Install(9, Samples.EpochKey(9));
        _rig.State.Epochs.Install(10, Samples.EpochKey(10));
        _rig.State.Clock.AdvanceTo(uint.MaxValue - 1);

        _rig.State.PruneRevocations();

        Assert.Equal(KeyStanding.Transferred, _rig.State.StandingOf(0x22));
    }

    [Fact]
    public void A_transfer_once_listed_follows_the_listing()
    {
        _rig.State.RevokeTransferredParent(0x22, 7);
        Table.Announce(0x22, false, 8, Samples.Now + 100, _rig.State.Epochs, _rig.State.Now);

        _rig.State.Clock.AdvanceTo(Samples.Now + 100);
        _rig.State.PruneRevocations();

        Assert.Equal(KeyStanding.Good, _rig.State.StandingOf(0x22));
    }

    [Fact]
    public void A_full_table_makes_room_by_forgetting_what_no_longer_matters()
    {
        Table.Announce(0xD0, true, 8, Samples.Now + 10, _rig.State.Epochs, _rig.State.Now);
        for (ulong key = 1; key < RevokedKeys.Capacity; key++)
        {
            _rig.State.RevokeLocally(key, 8);
        }

        _rig.State.Clock.AdvanceTo(Samples.Now + 10);
        _rig.State.RevokeLocally(0xE0, 8);

        Assert.Equal(RevokedKeys.Capacity, Table.Count);
        Assert.Equal(0u, Table.SealedThrough);
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(0xE0));
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(1));
    }

    [Fact]
    public void When_every_entry_still_matters_the_device_seals_the_epoch_instead_of_dropping_one()
    {
        FillAndSeal(8);

        for (ulong key = 1; key <= RevokedKeys.Capacity; key++)
        {
            Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(0x1000 + key));
        }

        Assert.Equal(8u, Table.SealedThrough);
        Assert.Null(_rig.State.EpochKey(7));
        Assert.Null(_rig.State.EpochKey(8));
    }

    [Fact]
    public void A_seal_lifts_once_a_rotation_leaves_no_sealed_epoch_held()
    {
        FillAndSeal(8);
        _rig.State.Epochs.Install(9, Samples.EpochKey(9));
        _rig.State.PruneRevocations();
        Assert.Null(_rig.State.EpochKey(8));
        Assert.NotNull(_rig.State.EpochKey(9));

        _rig.State.Epochs.DropBackup();
        _rig.State.PruneRevocations();

        Assert.Equal(0u, Table.SealedThrough);
        Assert.Equal(0, Table.Count);
    }

    [Fact]
    public void An_unlisted_transfer_finding_no_room_is_refused_not_recorded_over_another()
    {
        for (ulong key = 1; key <= RevokedKeys.Capacity; key++)
        {
            _rig.State.RevokeLocally(0x1000 + key, 8);
        }

        Assert.False(_rig.State.RevokeTransferredParent(0x22, 8));
        Assert.Equal(KeyStanding.Good, _rig.State.StandingOf(0x22));
        Assert.Equal(0u, Table.SealedThrough);
    }

    private void FillAndSeal(uint epoch)
    {
        for (ulong key = 1; key <= RevokedKeys.Capacity; key++)
        {
            _rig.State.RevokeLocally(0x1000 + key, epoch);
        }

        _rig.State.RevokeLocally(0xE0, epoch);
    }
}
