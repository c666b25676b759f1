using ShareKey.Firmware.Tests.Support;
using ShareKey.Firmware.Unlock;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Firmware.Tests.Unlock;

/// <summary>
/// docs/protocol.md §6: each refusal the verifier and the session can give, with its Result
/// (signed only once the token's tag verified), its event and its count towards the lock-out.
/// Lock-out and too-far have classes of their own.
/// </summary>
public sealed class RefusedCommandTests
{
    private readonly TestCloud _cloud = new();
    private readonly DeviceRig _rig;

    public RefusedCommandTests()
    {
        _rig = DeviceRig.Provisioned(_cloud, new(maxFailures: 32, windowSeconds: 60, lockSeconds: 60));
    }

    [Fact]
    public void A_frame_that_does_not_decode_is_malformed_and_echoes_its_message_id()
    {
        Phone phone = new(_cloud, _rig, _cloud.Token(7));
        phone.ReadChallenge();
        byte[] frame = _cloud.Frame(_cloud.Command(phone.Token, phone.LastChallenge!.Nonce, messageId: 77));

        UnlockOutcome outcome = phone.Write(frame[..^1]);

        AssertRefused(outcome, RefusalReason.Malformed, signed: false, keyId: 0);
        Assert.Equal(77u, outcome.Result.MessageId);
        Assert.Equal(CommandCode.Unlock, outcome.Command);
    }

    [Fact]
    public void A_frame_too_short_for_a_header_is_malformed_with_message_id_zero()
    {
        UnlockOutcome outcome = new Phone(_cloud, _rig, _cloud.Token(7)).Write([1, 2, 0, 0]);

        AssertRefused(outcome, RefusalReason.Malformed, signed: false, keyId: 0);
        Assert.Equal(0u, outcome.Result.MessageId);
    }

    [Fact]
    public void A_ble_frame_that_is_not_a_command_is_malformed()
    {
        byte[] challenge = _rig.Session.IssueChallengeFrame()!;

        AssertRefused(new Phone(_cloud, _rig, _cloud.Token(7)).Write(challenge), RefusalReason.Malformed, signed: false, keyId: 0);
    }

    [Fact]
    public void A_malformed_frame_voids_the_outstanding_challenge()
    {
        Phone phone = new(_cloud, _rig, _cloud.Token(7));
        byte[] nonce = phone.ReadChallenge().Nonce;
        phone.Write([0xFF]);

        Assert.Equal(RefusalReason.StaleNonce, phone.Answer(nonce).Reason);
    }

    [Fact]
    public void A_token_for_another_device_is_wrong_device()
    {
        Send(t => t.DeviceId = Samples.OtherDeviceId, RefusalReason.WrongDevice, signed: false);
    }

    [Fact]
    public void A_token_of_an_epoch_the_device_does_not_hold_is_unknown_epoch()
    {
        Send(t => t.Epoch = 6, RefusalReason.UnknownEpoch, signed: false);
    }

    [Fact]
    public void A_token_altered_after_tagging_is_bad_tag()
    {
        Phone phone = new(_cloud, _rig, _cloud.Token(7));
        phone.Token.NotAfter += 86_400;

        AssertRefused(phone.Send(), RefusalReason.BadTag, signed: false);
    }

    [Fact]
    public void A_copied_token_without_its_holder_secret_is_bad_command_mac()
    {
        Phone phone = new(_cloud, _rig, _cloud.Token(7));
        CommandMessage command = _cloud.Command(_cloud.Token(7, keyId: 0xC0FF), phone.ReadChallenge().Nonce);
        command.Token = phone.Token;

        AssertRefused(phone.Write(_cloud.Frame(command)), RefusalReason.BadCommandMac, signed: false);
    }

    [Fact]
    public void A_key_revoked_by_bulletin_is_revoked()
    {
        _rig.Downlink.Handle(_cloud.Bulletin(3, 1, new BulletinEntry(Samples.KeyId, KeyStanding.Revoked, BulletinEntry.NoExpiry)));

        Send(null, RefusalReason.Revoked, signed: true);
    }

    [Fact]
    public void A_key_listed_by_a_rotate_is_revoked()
    {
        _rig.Downlink.Handle(_cloud.Rotate(3, 8, Samples.KeyId));

        Send(null, RefusalReason.Revoked, signed: true);
    }

    [Fact]
    public void A_share_whose_parent_is_revoked_is_parent_revoked()
    {
        _rig.Downlink.Handle(_cloud.Bulletin(3, 1, new BulletinEntry(0xBA5E, KeyStanding.Revoked, BulletinEntry.NoExpiry)));

        Send(t => t.ParentKeyId = 0xBA5E, RefusalReason.ParentRevoked, signed: true);
    }

    [Fact]
    public void A_frozen_key_is_frozen()
    {
        _rig.Downlink.Handle(_cloud.Bulletin(3, 1, new BulletinEntry(Samples.KeyId, KeyStanding.Frozen, BulletinEntry.NoExpiry)));

        Send(null, RefusalReason.Frozen, signed: true);
    }

    [Fact]
    public void A_share_whose_parent_is_frozen_is_frozen()
    {
        _rig.Downlink.Handle(_cloud.Bulletin(3, 1, new BulletinEntry(0xBA5E, KeyStanding.Frozen, BulletinEntry.NoExpiry)));

        Send(t => t.ParentKeyId = 0xBA5E, RefusalReason.Frozen, signed: true);
    }

    [Fact]
    public void A_token_before_its_not_before_is_not_yet_valid()
    {
        Send(t => t.NotBefore = Samples.Now + 1, RefusalReason.NotYetValid, signed: true);
    }

    [Fact]
    public void A_token_at_its_not_after_is_expired()
    {
        Send(t => t.NotAfter = Samples.Now, RefusalReason.Expired, signed: true);
    }

    [Fact]
    public void A_command_the_token_does_not_permit_is_not_permitted()
    {
        Phone phone = new(_cloud, _rig, _cloud.Token(7, tweak: t => t.Permissions = Permissions.Unlock | Permissions.Lock));

        AssertRefused(phone.Send(CommandCode.Start), RefusalReason.NotPermitted, signed: true, phone: phone);
    }

    [Fact]
    public void A_key_past_its_max_uses_is_uses_exhausted_and_lock_still_works()
    {
        Phone phone = new(_cloud, _rig, _cloud.Token(7, tweak: t => t.MaxUses = 2));
        Assert.Equal((ushort)1, phone.Send().Result.RemainingUses);
        Assert.Equal((ushort)0, phone.Send(CommandCode.Start).Result.RemainingUses);

        AssertRefused(phone.Send(), RefusalReason.UsesExhausted, signed: true, phone: phone, expectedEvents: 3);
        Assert.True(phone.Send(CommandCode.Lock).Accepted);
    }

    [Fact]
    public void Max_uses_hold_across_a_reboot()
    {
        Phone phone = new(_cloud, _rig, _cloud.Token(7, tweak: t => t.MaxUses = 1));
        Assert.True(phone.Send().Accepted);

        _rig.Reboot();
        _rig.Signal(-50, -50, -50);

        Assert.Equal(RefusalReason.UsesExhausted, phone.Send().Reason);
    }

    [Fact]
    public void A_limited_key_whose_count_cannot_be_kept_is_refused_as_exhausted_not_let_through()
    {
        for (ulong key = 1; key <= 64; key++)
        {
            Assert.True(new Phone(_cloud, _rig, _cloud.Token(7, 0x100 + key, t => t.MaxUses = 5)).Send().Accepted);
        }

        Phone late = new(_cloud, _rig, _cloud.Token(7, 0xFFF, t => t.MaxUses = 5));
        UnlockOutcome outcome = late.Send();

        Assert.Equal(RefusalReason.UsesExhausted, outcome.Reason);
        Assert.Equal((ushort)0, outcome.Result.RemainingUses);
        Assert.True(late.TrustsResult(outcome));
        Assert.Equal(0, _rig.State.UsesOf(0xFFF));
        Assert.True(new Phone(_cloud, _rig, _cloud.Token(7, 0xEEE)).Send().Accepted);
    }

    private void Send(Action<KeyToken>? tweak, RefusalReason reason, bool signed)
    {
        Phone phone = new(_cloud, _rig, _cloud.Token(7, tweak: tweak));
        AssertRefused(phone.Send(), reason, signed, phone: phone);
    }

    private void AssertRefused(UnlockOutcome outcome, RefusalReason reason, bool signed, ulong keyId = Samples.KeyId, Phone? phone = null, int expectedEvents = 1)
    {
        Assert.False(outcome.Accepted);
        Assert.Equal(reason, outcome.Reason);
        if (signed)
        {
            Assert.True(phone!.TrustsResult(outcome), "the Result should be signed under the holder secret");
        }
        else
        {
            Assert.Equal(new byte[16], outcome.Result.Mac);
        }

        EventRecord[] events = _rig.Events.Newest(16);
        Assert.Equal(expectedEvents, events.Length);
        EventRecord logged = events[^1];
        Assert.Equal(EventKind.Refused, logged.Kind);
        Assert.Equal((byte)reason, logged.Detail);
        Assert.Equal(keyId, logged.KeyId);
        Assert.Equal(logged.ToString(), outcome.Event!.ToString());
    }
}
