using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Formatter;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;

namespace ShareKey.Firmware.Tests.Downlink;

/// <summary>R0: Rotate installs a new epoch and proves it, Commit drops the backup.</summary>
public sealed class RotationTests
{
    private readonly DeviceRig _rig = new();
    private readonly TestCloud _cloud = new();

    [Fact]
    public void The_first_rotate_installs_the_first_epoch_and_proves_it()
    {
        AckMessage ack = _rig.Downlink.Handle(_cloud.Rotate(1, 7));

        Assert.Equal(1u, ack.AckedMessageId);
        Assert.Equal(AckStatus.Applied, ack.Status);
        Assert.Equal(7u, ack.Epoch);
        Assert.Equal(_cloud.AckProof(7, 1), ack.Proof);
        Assert.Equal(7u, _rig.State.Epochs.ActiveEpoch);
        Assert.Equal(0u, _rig.State.Epochs.BackupEpoch);
        Assert.Equal(Samples.EpochKey(7), _rig.State.EpochKey(7));
    }

    [Fact]
    public void A_rotate_makes_the_active_epoch_the_backup_so_both_still_open()
    {
        _rig.Downlink.Handle(_cloud.Rotate(1, 7));

        AckMessage ack = _rig.Downlink.Handle(_cloud.Rotate(2, 8));

        Assert.Equal(_cloud.AckProof(8, 2), ack.Proof);
        Assert.Equal(8u, _rig.State.Epochs.ActiveEpoch);
        Assert.Equal(7u, _rig.State.Epochs.BackupEpoch);
        Assert.Equal(Samples.EpochKey(8), _rig.State.EpochKey(8));
        Assert.Equal(Samples.EpochKey(7), _rig.State.EpochKey(7));
    }

    [Fact]
    public void Rotation_then_commit_leaves_only_the_new_epoch()
    {
        _rig.Downlink.Handle(_cloud.Rotate(1, 7));
        AckMessage ack = _rig.Downlink.Handle(_cloud.Rotate(2, 8));
        Assert.Equal(_cloud.AckProof(8, 2), ack.Proof);

        AckMessage committed = _rig.Downlink.Handle(_cloud.Commit(3, 8));

        Assert.Equal(AckStatus.Applied, committed.Status);
        Assert.Equal(0u, committed.Epoch);
        Assert.Equal(new byte[16], committed.Proof);
        Assert.Equal(0u, _rig.State.Epochs.BackupEpoch);
        Assert.Null(_rig.State.EpochKey(7));
        Assert.NotNull(_rig.State.EpochKey(8));
    }

    [Fact]
    public void A_commit_of_another_epoch_is_refused_and_keeps_the_backup()
    {
        _rig.Downlink.Handle(_cloud.Rotate(1, 7));
        _rig.Downlink.Handle(_cloud.Rotate(2, 8));

        Assert.Equal(AckStatus.Refused, _rig.Downlink.Handle(_cloud.Commit(3, 7)).Status);
        Assert.Equal(AckStatus.Refused, _rig.Downlink.Handle(_cloud.Commit(4, 9)).Status);

        Assert.Equal(7u, _rig.State.Epochs.BackupEpoch);
    }

    [Fact]
    public void Committing_the_active_epoch_again_is_harmless()
    {
        _rig.Downlink.Handle(_cloud.Rotate(1, 7));

        Assert.Equal(AckStatus.Applied, _rig.Downlink.Handle(_cloud.Commit(2, 7)).Status);
        Assert.Equal(7u, _rig.State.Epochs.ActiveEpoch);
    }

    [Fact]
    public void A_third_rotation_drops_the_oldest_epoch()
    {
        _rig.Downlink.Handle(_cloud.Rotate(1, 7));
        _rig.Downlink.Handle(_cloud.Rotate(2, 8));

        _rig.Downlink.Handle(_cloud.Rotate(3, 9));

        Assert.Null(_rig.State.EpochKey(7));
        Assert.Equal(8u, _rig.State.Epochs.BackupEpoch);
        Assert.Equal(9u, _rig.State.Epochs.ActiveEpoch);
    }

    [Fact]
    public void The_keys_a_rotate_lists_are_revoked()
    {
        _rig.Downlink.Handle(_cloud.Rotate(1, 7));

        _rig.Downlink.Handle(_cloud.Rotate(2, 8, 0xA1, 0xA2));

        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(0xA1));
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(0xA2));
        Assert.Equal(KeyStanding.Good, _rig.State.StandingOf(0xA3));
    }

    [Fact]
    public void A_wrap_that_does_not_verify_is_answered_bad_wrap_and_changes_nothing()
    {
        _rig.Downlink.Handle(_cloud.Rotate(1, 7));
        RotateMessage rotate = _cloud.Rotate(2, 8, 0xA1);
        rotate.WrappedKey.Ciphertext[0] ^= 1;

        AckMessage ack = _rig.Downlink.Handle(rotate);

        Assert.Equal(AckStatus.BadWrap, ack.Status);
        Assert.Equal(0u, ack.Epoch);
        Assert.Equal(new byte[16], ack.Proof);
        Assert.Equal(7u, _rig.State.Epochs.ActiveEpoch);
        Assert.Equal(KeyStanding.Good, _rig.State.StandingOf(0xA1));
    }

    [Fact]
    public void A_wrap_replayed_under_another_epoch_number_is_bad_wrap()
    {
        RotateMessage rotate = _cloud.Rotate(1, 7);
        rotate.Epoch = 9;

        Assert.Equal(AckStatus.BadWrap, _rig.Downlink.Handle(rotate).Status);
        Assert.Equal(0u, _rig.State.Epochs.ActiveEpoch);
    }

    [Fact]
    public void A_rotate_back_to_an_older_epoch_is_refused()
    {
        _rig.Downlink.Handle(_cloud.Rotate(1, 7));
        _rig.Downlink.Handle(_cloud.Rotate(2, 8));

        Assert.Equal(AckStatus.Refused, _rig.Downlink.Handle(_cloud.Rotate(3, 7)).Status);
        Assert.Equal(AckStatus.Refused, _rig.Downlink.Handle(_cloud.Rotate(4, 6)).Status);

        Assert.Equal(8u, _rig.State.Epochs.ActiveEpoch);
        Assert.Equal(7u, _rig.State.Epochs.BackupEpoch);
    }

    [Fact]
    public void The_same_epoch_and_key_again_under_a_new_id_is_proved_without_shifting()
    {
        _rig.Downlink.Handle(_cloud.Rotate(1, 7));
        _rig.Downlink.Handle(_cloud.Rotate(2, 8));

        AckMessage ack = _rig.Downlink.Handle(_cloud.Rotate(3, 8, 0xA1));

        Assert.Equal(AckStatus.Applied, ack.Status);
        Assert.Equal(_cloud.AckProof(8, 3), ack.Proof);
        Assert.Equal(7u, _rig.State.Epochs.BackupEpoch);
        Assert.Equal(KeyStanding.Revoked, _rig.State.StandingOf(0xA1));
    }

    [Fact]
    public void The_active_epoch_with_a_different_key_is_refused()
    {
        _rig.Downlink.Handle(_cloud.Rotate(1, 7));
        RotateMessage rotate = _cloud.Rotate(2, 7);
        rotate.WrappedKey = KeyWrap.Wrap(_cloud.Macs, _cloud.Secrets, Samples.DeviceId, 7, Samples.EpochKey(70), Samples.Sequence(0xD0, 16));

        Assert.Equal(AckStatus.Refused, _rig.Downlink.Handle(rotate).Status);
        Assert.Equal(Samples.EpochKey(7), _rig.State.EpochKey(7));
    }

    [Fact]
    public void A_rotation_is_on_flash_before_its_ack_is_returned()
    {
        _rig.Downlink.Handle(_cloud.Rotate(1, 7));
        _rig.Downlink.Handle(_cloud.Rotate(2, 8, 0xA1));

        var rebooted = _rig.Reboot();

        Assert.Equal(8u, rebooted.Epochs.ActiveEpoch);
        Assert.Equal(Samples.EpochKey(7), rebooted.EpochKey(7));
        Assert.Equal(KeyStanding.Revoked, rebooted.StandingOf(0xA1));
    }

    [Fact]
    public void Rotate_and_ack_travel_as_link_authenticated_frames()
    {
        MessageEncoder cloudEncoder = new(_cloud.Macs);
        byte[] down = cloudEncoder.Encode(_cloud.Rotate(100, 8, 0xA1), _cloud.Secrets.LinkDownKey);
        DeviceSecrets deviceSecrets = new(_rig.Macs, Samples.RootKey);

        Message received = new MessageDecoder(_rig.Macs).Decode(down, 0, down.Length, deviceSecrets.LinkDownKey);
        AckMessage ack = _rig.Downlink.Handle(received);
        ack.MessageId = 7;
        byte[] up = new MessageEncoder(_rig.Macs).Encode(ack, deviceSecrets.LinkUpKey);

        AckMessage atCloud = (AckMessage)new MessageDecoder(_cloud.Macs).Decode(up, 0, up.Length, _cloud.Secrets.LinkUpKey);
        Assert.Equal(100u, atCloud.AckedMessageId);
        Assert.Equal(AckStatus.Applied, atCloud.Status);
        Assert.True(ConstantTime.Equals(_cloud.AckProof(8, 100), atCloud.Proof));
    }
}
