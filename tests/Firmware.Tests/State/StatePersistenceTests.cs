using ShareKey.Firmware.State;
using ShareKey.Firmware.Storage;
using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;

namespace ShareKey.Firmware.Tests.State;

/// <summary>What a reboot keeps (everything saved) and what it drops (nonce, lock-out), and when saved state is not trusted.</summary>
public sealed class StatePersistenceTests
{
    private readonly DeviceRig _rig = new();
    private readonly TestCloud _cloud = new();

    [Fact]
    public void A_fresh_board_has_no_epoch_and_nothing_saved()
    {
        Assert.False(_rig.Restored);
        Assert.Equal(0u, _rig.State.Epochs.ActiveEpoch);
        Assert.Null(_rig.State.EpochKey(0));
    }

    [Fact]
    public void Everything_saved_comes_back_after_a_reboot()
    {
        DeviceKeyState state = _rig.State;
        state.Clock.AdvanceTo(Samples.Now);
        state.Epochs.Install(7, Samples.EpochKey(7));
        state.Epochs.Install(8, Samples.EpochKey(8));
        state.ApplyBulletin(_cloud.Bulletin(1, 4, new BulletinEntry(0xF0, KeyStanding.Frozen, BulletinEntry.NoExpiry)));
        state.RevokeLocally(0xD0, 7);
        KeyToken limited = _cloud.Token(8, 0xA, t => t.MaxUses = 3);
        state.RecordUse(limited);
        state.RecordUse(limited);
        state.Acks.Remember(new AckMessage { AckedMessageId = 9, Status = AckStatus.Applied, Epoch = 8, Proof = Samples.Sequence(1, 16) });
        state.Save();

        DeviceKeyState rebooted = _rig.Reboot();

        Assert.True(_rig.Restored);
        Assert.Equal(Samples.Now, rebooted.Now);
        Assert.Equal(8u, rebooted.Epochs.ActiveEpoch);
        Assert.Equal(7u, rebooted.Epochs.BackupEpoch);
        Assert.Equal(Samples.EpochKey(8), rebooted.EpochKey(8));
        Assert.Equal(Samples.EpochKey(7), rebooted.EpochKey(7));
        Assert.Equal(4u, rebooted.Bulletin.Sequence);
        Assert.Equal(KeyStanding.Frozen, rebooted.StandingOf(0xF0));
        Assert.Equal(KeyStanding.Revoked, rebooted.StandingOf(0xD0));
        Assert.Equal(2, rebooted.UsesOf(0xA));
        AckMessage? remembered = rebooted.Acks.Find(9);
        Assert.NotNull(remembered);
        Assert.Equal(Samples.Sequence(1, 16), remembered.Proof);
    }

    [Fact]
    public void Use_counts_survive_a_reboot_and_keep_counting()
    {
        _rig.State.Epochs.Install(7, Samples.EpochKey(7));
        KeyToken token = _cloud.Token(7, 0xA, t => t.MaxUses = 3);
        _rig.State.RecordUse(token);
        _rig.State.Save();

        _rig.Reboot().RecordUse(token);
        _rig.State.Save();

        Assert.Equal(2, _rig.Reboot().UsesOf(0xA));
    }

    [Fact]
    public void Changes_not_yet_saved_are_lost_in_a_power_cut()
    {
        _rig.State.Epochs.Install(7, Samples.EpochKey(7));
        _rig.State.Save();
        _rig.State.RevokeLocally(0xD0, 7);

        Assert.Equal(KeyStanding.Good, _rig.Reboot().StandingOf(0xD0));
    }

    [Fact]
    public void A_lock_out_does_not_survive_a_reboot()
    {
        _rig.State.RecordFailure(Samples.KeyId);
        _rig.State.RecordFailure(Samples.KeyId);
        Assert.True(_rig.State.RecordFailure(Samples.KeyId));
        _rig.State.Save();

        Assert.False(_rig.Reboot().IsLockedOut(Samples.KeyId));
    }

    [Fact]
    public void State_saved_under_another_device_id_is_not_adopted()
    {
        _rig.State.Epochs.Install(7, Samples.EpochKey(7));
        _rig.State.Save();

        DeviceKeyState other = _rig.Reboot(Samples.OtherDeviceId);

        Assert.False(_rig.Restored);
        Assert.Null(other.EpochKey(7));
    }

    [Fact]
    public void A_record_of_another_format_version_is_not_adopted()
    {
        _rig.State.Epochs.Install(7, Samples.EpochKey(7));
        _rig.State.Save();
        byte[] payload = new DurableRecord(_rig.Flash).Open()!;
        payload[0] = DeviceKeyState.FormatVersion + 1;
        Rewrite(payload);

        Assert.Null(_rig.Reboot().EpochKey(7));
        Assert.False(_rig.Restored);
    }

    [Fact]
    public void A_record_that_breaks_off_mid_table_leaves_the_state_empty_not_half_read()
    {
        _rig.State.Clock.AdvanceTo(Samples.Now);
        _rig.State.Epochs.Install(7, Samples.EpochKey(7));
        _rig.State.Save();
        byte[] payload = new DurableRecord(_rig.Flash).Open()!;
        Rewrite(payload[..(payload.Length - 20)]);

        DeviceKeyState rebooted = _rig.Reboot();

        Assert.False(_rig.Restored);
        Assert.Null(rebooted.EpochKey(7));
        Assert.Equal(0u, rebooted.Now);
    }

    [Fact]
    public void A_state_with_every_table_full_fits_the_documented_size()
    {
        DeviceKeyState state = _rig.State;
        state.Clock.AdvanceTo(Samples.Now);
        state.Epochs.Install(7, Samples.EpochKey(7));
        state.Epochs.Install(8, Samples.EpochKey(8));
        state.ApplyBulletin(_cloud.Bulletin(1, 1, Enumerable.Range(1, BulletinMessage.MaxEntries).Select(i => new BulletinEntry((ulong)i, KeyStanding.Frozen, BulletinEntry.NoExpiry)).ToArray()));
        for (ulong key = 1; key <= RevokedKeys.Capacity; key++)
        {
            state.RevokeLocally(0x1000 + key, 8);
            state.RecordUse(_cloud.Token(8, 0x2000 + key, t => t.MaxUses = 9));
        }

        for (uint id = 1; id <= AckWindow.Size; id++)
        {
            state.Acks.Remember(new AckMessage { AckedMessageId = id, Status = AckStatus.Applied, Proof = new byte[16] });
        }

        state.Save();

        Assert.Equal(DurableRecord.Overhead + DeviceKeyState.MaxSavedLength, _rig.Flash.Slot(0).Length);
        Assert.Equal(UseCounts.Capacity, _rig.Reboot().Uses.Count);
    }

    private void Rewrite(byte[] payload)
    {
        DurableRecord record = new(_rig.Flash);
        record.Open();
        record.Write(payload, 0, payload.Length);
    }
}
