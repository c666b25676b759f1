using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Tests.Unlock;

/// <summary>docs/protocol.md §9.6 at the BLE command path: K=3 refusals within 60 s lock it for 300 s.</summary>
public sealed class LockOutSessionTests
{
    private readonly TestCloud _cloud = new();
    private readonly DeviceRig _rig;
    private readonly Phone _guesser;
    private readonly Phone _owner;

    public LockOutSessionTests()
    {
        _rig = DeviceRig.Provisioned(_cloud);
        _guesser = new Phone(_cloud, _rig, _cloud.Token(7, tweak: t => t.Permissions = 0));
        _owner = new Phone(_cloud, _rig, _cloud.Token(7));
    }

    [Fact]
    public void The_refusal_that_completes_K_starts_the_lock_out_and_logs_it()
    {
        _guesser.Send();
        _guesser.Send();
        _guesser.Send();

        EventRecord[] events = _rig.Events.Newest(16);
        Assert.Equal(4, events.Length);
        Assert.Equal(EventKind.LockedOut, events[^1].Kind);
        Assert.Equal((byte)RefusalReason.NotPermitted, events[^1].Detail);
        Assert.True(_rig.State.IsLockedOut);
    }

    [Fact]
    public void While_locked_out_even_a_valid_command_is_refused_unsigned_and_not_logged()
    {
        LockOut();

        var outcome = _owner.Send();

        Assert.Equal(RefusalReason.LockedOut, outcome.Reason);
        Assert.Equal(new byte[16], outcome.Result.Mac);
        Assert.Null(outcome.Event);
        Assert.Equal(4, _rig.Events.Count);
    }

    [Fact]
    public void While_locked_out_a_malformed_frame_is_answered_locked_out()
    {
        LockOut();

        Assert.Equal(RefusalReason.LockedOut, _owner.Write([1, 2, 3]).Reason);
    }

    [Fact]
    public void While_locked_out_no_hmac_is_computed_and_no_attachment_applied()
    {
        LockOut();
        _owner.ReadChallenge();
        int before = _rig.Macs.HmacCount;

        _owner.Answer(_owner.LastChallenge!.Nonce, bulletin: _cloud.Bulletin(0, 9), time: _cloud.TimeSync(0, Samples.Now + 500));

        Assert.Equal(before, _rig.Macs.HmacCount);
        Assert.Equal(0u, _rig.State.Bulletin.Sequence);
    }

    [Fact]
    public void Retrying_during_the_lock_out_does_not_prolong_it()
    {
        LockOut();
        for (int i = 0; i < 10; i++)
        {
            _rig.Clock.Advance(29);
            _owner.Send();
        }

        _rig.Clock.Advance(10);

        Assert.True(_owner.Send().Accepted);
    }

    [Fact]
    public void A_lock_out_ends_after_L_seconds_and_the_owner_gets_in()
    {
        LockOut();
        _rig.Clock.Advance(299);
        Assert.Equal(RefusalReason.LockedOut, _owner.Send().Reason);

        _rig.Clock.Advance(1);

        Assert.True(_owner.Send().Accepted);
    }

    [Fact]
    public void Too_far_refusals_do_not_count_towards_a_lock_out()
    {
        _rig.Signal(-90, -90, -90);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(RefusalReason.TooFar, _owner.Send().Reason);
        }

        Assert.False(_rig.State.IsLockedOut);
    }

    [Fact]
    public void Accepted_commands_do_not_count()
    {
        _guesser.Send();
        _guesser.Send();
        _owner.Send();
        _owner.Send();

        Assert.False(_rig.State.IsLockedOut);
    }

    private void LockOut()
    {
        _guesser.Send();
        _guesser.Send();
        _guesser.Send();
        Assert.True(_rig.State.IsLockedOut);
    }
}
