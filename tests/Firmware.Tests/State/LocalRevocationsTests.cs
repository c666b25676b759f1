using ShareKey.Firmware.State;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.State;

/// <summary>Revocations the device makes itself (Rotate lists, transfer shares) and how the bounded table makes room.</summary>
public sealed class LocalRevocationsTests
{
    private readonly DeviceRig _rig = new();

    public LocalRevocationsTests()
    {
        _rig.State.Epochs.Install(7, Samples.EpochKey(7));
        _rig.State.Epochs.Install(8, Samples.EpochKey(8));
    }

    [Fact]
    public void A_revoked_key_stays_revoked()
    {
        _rig.State.RevokeLocally(0x11, 7);
        _rig.State.RevokeLocally(0x11, 8);

        Assert.Equal(1, _rig.State.Revocations.Count);
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(0x11));
    }

    [Fact]
    public void A_parent_revoked_by_a_transfer_stands_as_transferred()
    {
        _rig.State.RevokeTransferredParent(0x22, 8);

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
    public void The_kind_of_each_revocation_survives_a_reboot()
    {
        _rig.State.RevokeTransferredParent(0x22, 8);
        _rig.State.RevokeLocally(0x33, 8);
        _rig.State.Save();

        var rebooted = _rig.Reboot();

        Assert.Equal(KeyStanding.Transferred, rebooted.StandingOf(0x22));
        Assert.Equal(KeyStanding.Revoked, rebooted.StandingOf(0x33));
    }

    [Fact]
    public void A_full_table_first_drops_an_entry_of_an_epoch_no_longer_held()
    {
        FillWith(8);
        _rig.State.RevokeLocally(0xD0, 6);

        _rig.State.RevokeLocally(0xE0, 8);

        Assert.Equal(LocalRevocations.Capacity, _rig.State.Revocations.Count);
        Assert.Equal(KeyStanding.Good, _rig.State.StandingOf(0xD0));
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(0xE0));
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(1));
    }

    [Fact]
    public void When_every_entry_still_matters_the_oldest_of_the_oldest_epoch_goes()
    {
        for (ulong key = 1; key <= LocalRevocations.Capacity; key++)
        {
            _rig.State.RevokeLocally(key, key == 40 || key == 50 ? 7u : 8u);
        }

        _rig.State.RevokeLocally(0xE0, 8);

        Assert.Equal(KeyStanding.Good, _rig.State.StandingOf(40));
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(50));
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(1));
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(0xE0));
    }

    private void FillWith(uint epoch)
    {
        for (ulong key = 1; key < LocalRevocations.Capacity; key++)
        {
            _rig.State.RevokeLocally(key, epoch);
        }
    }
}
