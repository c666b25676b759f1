using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.Downlink;

/// <summary>docs/protocol.md §9.5: a resent down message gets the same Ack and changes nothing.</summary>
public sealed class DuplicateDownlinkTests
{
    private readonly DeviceRig _rig = new();
    private readonly TestCloud _cloud = new();

    [Fact]
    public void A_resent_rotate_gets_the_same_proof_and_does_not_rotate_again()
    {
        _rig.Downlink.Handle(_cloud.Rotate(1, 7));
        AckMessage first = _rig.Downlink.Handle(_cloud.Rotate(2, 8));
        _rig.Downlink.Handle(_cloud.Commit(3, 8));

        AckMessage again = _rig.Downlink.Handle(_cloud.Rotate(2, 8));

        AssertSameAck(first, again);
        Assert.Equal(8u, _rig.State.Epochs.ActiveEpoch);
        Assert.Equal(0u, _rig.State.Epochs.BackupEpoch);
    }

    [Fact]
    public void A_resent_bulletin_is_answered_applied_again_though_it_is_no_longer_newer()
    {
        AckMessage first = _rig.Downlink.Handle(_cloud.Bulletin(1, 4));

        AckMessage again = _rig.Downlink.Handle(_cloud.Bulletin(1, 4));

        Assert.Equal(AckStatus.Applied, first.Status);
        AssertSameAck(first, again);
        Assert.Equal(AckStatus.Refused, _rig.Downlink.Handle(_cloud.Bulletin(2, 4)).Status);
    }

    [Fact]
    public void A_resent_refusal_is_refused_again_even_once_it_would_apply()
    {
        _rig.Downlink.Handle(_cloud.Rotate(1, 7));
        AckMessage first = _rig.Downlink.Handle(_cloud.Commit(2, 8));
        _rig.Downlink.Handle(_cloud.Rotate(3, 8));

        AckMessage again = _rig.Downlink.Handle(_cloud.Commit(2, 8));

        AssertSameAck(first, again);
        Assert.Equal(7u, _rig.State.Epochs.BackupEpoch);
    }

    [Fact]
    public void A_resent_remote_lock_reaches_the_board_once()
    {
        RemoteLockMessage remoteLock = new() { MessageId = 5, Action = RemoteLockAction.Lock, Target = RemoteLockTarget.Immobiliser, RequestedAt = Samples.Now };

        AckMessage first = _rig.Downlink.Handle(remoteLock);
        AckMessage again = _rig.Downlink.Handle(remoteLock);

        AssertSameAck(first, again);
        Assert.Single(_rig.RemoteLock.Applied);
    }

    [Fact]
    public void The_window_survives_a_reboot()
    {
        _rig.Downlink.Handle(_cloud.Rotate(1, 7));
        AckMessage first = _rig.Downlink.Handle(_cloud.Rotate(2, 8));
        _rig.Downlink.Handle(_cloud.Commit(3, 8));

        _rig.Reboot();
        AckMessage again = _rig.Downlink.Handle(_cloud.Rotate(2, 8));

        AssertSameAck(first, again);
        Assert.Equal(0u, _rig.State.Epochs.BackupEpoch);
    }

    [Fact]
    public void An_id_below_the_highest_but_inside_the_window_and_unseen_is_new()
    {
        _rig.Downlink.Handle(_cloud.Rotate(10, 7));

        AckMessage late = _rig.Downlink.Handle(_cloud.Bulletin(4, 1));

        Assert.Equal(AckStatus.Applied, late.Status);
        Assert.Equal(1u, _rig.State.Bulletin.Sequence);
    }

    [Fact]
    public void Every_id_of_a_full_window_is_still_answered_from_memory()
    {
        AckMessage[] acks = Enumerable.Range(1, 8).Select(i => _rig.Downlink.Handle(_cloud.Bulletin((uint)i, (uint)i))).ToArray();

        for (int i = 0; i < 8; i++)
        {
            AssertSameAck(acks[i], _rig.Downlink.Handle(_cloud.Bulletin((uint)(i + 1), 1)));
        }

        Assert.Equal(8u, _rig.State.Bulletin.Sequence);
    }

    private static void AssertSameAck(AckMessage expected, AckMessage actual)
    {
        Assert.Equal(expected.AckedMessageId, actual.AckedMessageId);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Epoch, actual.Epoch);
        Assert.Equal(expected.Proof, actual.Proof);
    }
}
