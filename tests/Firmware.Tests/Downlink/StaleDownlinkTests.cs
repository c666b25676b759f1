using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;

namespace ShareKey.Firmware.Tests.Downlink;

/// <summary>docs/protocol.md §9.5: an id older than the window is answered Stale and never applied.</summary>
public sealed class StaleDownlinkTests
{
    private readonly DeviceRig _rig = new();
    private readonly TestCloud _cloud = new();

    [Fact]
    public void An_id_eight_or_more_below_the_highest_is_stale_and_not_applied()
    {
        _rig.Downlink.Handle(_cloud.Bulletin(20, 1));

        AckMessage stale = _rig.Downlink.Handle(_cloud.Bulletin(12, 2));

        Assert.Equal(12u, stale.AckedMessageId);
        Assert.Equal(AckStatus.Stale, stale.Status);
        Assert.Equal(new byte[16], stale.Proof);
        Assert.Equal(1u, _rig.State.Bulletin.Sequence);
        Assert.Equal(AckStatus.Applied, _rig.Downlink.Handle(_cloud.Bulletin(13, 2)).Status);
    }

    [Fact]
    public void A_handled_id_that_fell_out_of_the_window_turns_stale()
    {
        AckMessage first = _rig.Downlink.Handle(_cloud.Rotate(1, 7));
        _rig.Downlink.Handle(_cloud.Bulletin(9, 1));

        Assert.Equal(AckStatus.Applied, first.Status);
        Assert.Equal(AckStatus.Stale, _rig.Downlink.Handle(_cloud.Rotate(1, 7)).Status);
    }

    [Fact]
    public void A_captured_remote_lock_replayed_later_never_reaches_the_board()
    {
        RemoteLockMessage captured = new() { MessageId = 3, Action = RemoteLockAction.Release, Target = RemoteLockTarget.Immobiliser, RequestedAt = Samples.Now };
        _rig.Downlink.Handle(captured);
        _rig.Downlink.Handle(_cloud.TimeSync(30, Samples.Now));
        _rig.Reboot();

        AckMessage replay = _rig.Downlink.Handle(captured);

        Assert.Equal(AckStatus.Stale, replay.Status);
        Assert.Single(_rig.RemoteLock.Applied);
    }

    [Fact]
    public void A_stale_answer_is_not_remembered_and_moves_nothing()
    {
        _rig.Downlink.Handle(_cloud.Bulletin(20, 1));
        _rig.Downlink.Handle(_cloud.Bulletin(2, 2));
        int writes = _rig.Flash.Writes;

        Assert.Equal(AckStatus.Stale, _rig.Downlink.Handle(_cloud.Bulletin(2, 3)).Status);
        Assert.Equal(writes, _rig.Flash.Writes);
        Assert.Equal(AckStatus.Applied, _rig.Downlink.Handle(_cloud.Bulletin(21, 3)).Status);
    }
}
