using ShareKey.Firmware.Tests.Support;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Tests.Unlock;

/// <summary>
/// docs/protocol.md §9.6 at the BLE command path (K=3 within 60 s, 300 s): only a command MAC that
/// does not verify under an authentic token counts, and only against that token's key; refusals
/// that prove nothing lock nobody out.
/// </summary>
public sealed class LockOutSessionTests
{
    private readonly TestCloud _cloud = new();
    private readonly DeviceRig _rig;
    private readonly Phone _guesser;
    private readonly Phone _owner;
    private readonly Phone _renter;

    public LockOutSessionTests()
    {
        _rig = DeviceRig.Provisioned(_cloud);
        _guesser = new Phone(_cloud, _rig, _cloud.Token(7)) { GuessesSecret = true };
        _owner = new Phone(_cloud, _rig, _cloud.Token(7));
        _renter = new Phone(_cloud, _rig, _cloud.Token(7, keyId: Samples.KeyId + 1));
    }

    [Fact]
    public void K_bad_command_macs_lock_that_key_and_log_it()
    {
        LockOwnerKey();

        EventRecord[] events = _rig.Events.Newest(16);
        Assert.Equal(4, events.Length);
        Assert.Equal(EventKind.LockedOut, events[^1].Kind);
        Assert.Equal(Samples.KeyId, events[^1].KeyId);
        Assert.Equal((byte)RefusalReason.BadCommandMac, events[^1].Detail);
    }

    [Fact]
    public void While_a_key_is_locked_its_valid_command_is_refused_unsigned_and_not_logged()
    {
        LockOwnerKey();

        var outcome = _owner.Send();

        Assert.Equal(RefusalReason.LockedOut, outcome.Reason);
        Assert.Equal(new byte[16], outcome.Result.Mac);
        Assert.Null(outcome.Event);
        Assert.Equal(4, _rig.Events.Count);
    }

    [Fact]
    public void Another_key_opens_while_one_key_is_locked()
    {
        LockOwnerKey();

        Assert.True(_renter.Send().Accepted);
    }

    [Fact]
    public void For_a_locked_key_no_hmac_is_computed_and_no_attachment_applied()
    {
        LockOwnerKey();
        _owner.ReadChallenge();
        int before = _rig.Macs.HmacCount;

        _owner.Answer(_owner.LastChallenge!.Nonce, bulletin: _cloud.Bulletin(0, 9), time: _cloud.TimeSync(0, Samples.Now + 500));

        Assert.Equal(before, _rig.Macs.HmacCount);
        Assert.Equal(0u, _rig.State.Bulletin.Sequence);
    }

    [Fact]
    public void Garbage_writes_lock_nobody_out_and_their_logging_pauses_after_K()
    {
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(RefusalReason.Malformed, _owner.Write([1, 2, 3, (byte)i]).Reason);
        }

        Assert.True(_owner.Send().Accepted);
        EventRecord[] events = _rig.Events.Newest(64);
        Assert.Equal(5, events.Length);
        Assert.Equal(EventKind.LockedOut, events[3].Kind);
        Assert.Equal(0ul, events[3].KeyId);
        Assert.Equal(EventKind.Unlocked, events[4].Kind);
    }

    [Fact]
    public void Forged_tokens_naming_the_owner_key_do_not_lock_it()
    {
        var forged = _cloud.Token(7);
        forged.Tag[0] ^= 0x01;
        var forger = new Phone(_cloud, _rig, forged);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(RefusalReason.BadTag, forger.Send().Reason);
        }

        Assert.True(_owner.Send().Accepted);
    }

    [Fact]
    public void Another_devices_tokens_and_stale_nonces_do_not_lock_anyone()
    {
        var stranger = new Phone(_cloud, _rig, _cloud.Token(7, tweak: t => t.DeviceId = Samples.DeviceId + 1));
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(RefusalReason.WrongDevice, stranger.Send().Reason);
            Assert.Equal(RefusalReason.StaleNonce, _owner.Answer(new byte[16]).Reason);
        }

        Assert.True(_owner.Send().Accepted);
    }

    [Fact]
    public void Retrying_during_the_lock_out_does_not_prolong_it()
    {
        LockOwnerKey();
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
        LockOwnerKey();
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

        Assert.False(_rig.State.IsLockedOut(Samples.KeyId));
    }

    [Fact]
    public void Refusals_after_the_mac_verified_do_not_count()
    {
        var unpermitted = new Phone(_cloud, _rig, _cloud.Token(7, tweak: t => t.Permissions = 0));
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(RefusalReason.NotPermitted, unpermitted.Send().Reason);
        }

        Assert.False(_rig.State.IsLockedOut(Samples.KeyId));
    }

    [Fact]
    public void Accepted_commands_do_not_count()
    {
        _guesser.Send();
        _guesser.Send();
        _owner.Send();
        _owner.Send();

        Assert.False(_rig.State.IsLockedOut(Samples.KeyId));
    }

    private void LockOwnerKey()
    {
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(RefusalReason.BadCommandMac, _guesser.Send().Reason);
        }

        Assert.True(_rig.State.IsLockedOut(Samples.KeyId));
    }
}
