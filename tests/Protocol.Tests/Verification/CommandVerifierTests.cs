using ShareKey.Firmware.State;
using ShareKey.Protocol.Messages;
using ShareKey.Protocol.Security;
using ShareKey.Protocol.Tests.Support;
using ShareKey.Protocol.Tokens;
using ShareKey.Protocol.Verification;

namespace ShareKey.Protocol.Tests.Verification;

/// <summary>Each refusal reason of the verifier, and what an accepted command yields.</summary>
public sealed class CommandVerifierTests
{
    private readonly Macs _macs = new(Samples.Crypto);
    private readonly CommandVerifier _verifier;

    public CommandVerifierTests()
    {
        _verifier = new CommandVerifier(_macs);
    }

    [Fact]
    public void Accepts_a_valid_unlock_within_four_hmacs_including_the_signed_result()
    {
        var command = Samples.Command(_macs, Samples.Token(_macs));
        var before = _macs.HmacCount;

        var verdict = _verifier.Verify(Samples.Device(), command);
        var result = _verifier.SignResult(verdict, Samples.DeviceId, command, 9, Samples.Now);

        Assert.Equal(RefusalReason.Accepted, verdict.Reason);
        Assert.True(verdict.IsCounted);
        Assert.Equal(ResultMessage.UnlimitedUses, result.RemainingUses);
        Assert.Equal(4, _macs.HmacCount - before);
    }

    [Fact]
    public void The_phone_can_check_the_result_with_its_holder_secret()
    {
        var command = Samples.Command(_macs, Samples.Token(_macs));
        var verdict = _verifier.Verify(Samples.Device(), command);
        var result = _verifier.SignResult(verdict, Samples.DeviceId, command, command.MessageId, Samples.Now);

        var phone = Samples.Held(_macs, command.Token);
        Assert.Equal(AnswerTrust.Verified, new CommandSigner(_macs).TrustOf(phone, Samples.DeviceId, command, result));
    }

    [Fact]
    public void Accepts_a_token_of_the_backup_epoch()
    {
        var backupKey = Samples.Sequence(0x77, 32);
        var token = Samples.Token(_macs, t => t.Epoch = 6, backupKey);
        var state = Samples.Device().WithEpoch(6, backupKey);

        Assert.Equal(RefusalReason.Accepted, _verifier.Verify(state, Samples.Command(_macs, token, epochKey: backupKey)).Reason);
    }

    [Fact]
    public void Counts_down_remaining_uses()
    {
        var token = Samples.Token(_macs, t => t.MaxUses = 3);
        var verdict = _verifier.Verify(Samples.Device().WithUses(token, 1), Samples.Command(_macs, token));

        Assert.Equal(RefusalReason.Accepted, verdict.Reason);
        Assert.Equal(1, verdict.RemainingUses);
    }

    [Fact]
    public void Lock_is_not_counted_and_still_works_when_uses_are_exhausted()
    {
        var token = Samples.Token(_macs, t => t.MaxUses = 2);
        var verdict = _verifier.Verify(Samples.Device().WithUses(token, 2), Samples.Command(_macs, token, CommandCode.Lock));

        Assert.Equal(RefusalReason.Accepted, verdict.Reason);
        Assert.False(verdict.IsCounted);
        Assert.Equal(0, verdict.RemainingUses);
    }

    [Fact]
    public void Refuses_when_locked_out_before_any_crypto()
    {
        var command = Samples.Command(_macs, Samples.Token(_macs));
        var state = Samples.Device().WithLockOut(Samples.KeyId);
        var before = _macs.HmacCount;

        Assert.Equal(RefusalReason.LockedOut, _verifier.Verify(state, command).Reason);
        Assert.Equal(before, _macs.HmacCount);
    }

    [Fact]
    public void Another_key_locked_out_does_not_stop_this_one()
    {
        var command = Samples.Command(_macs, Samples.Token(_macs));
        var state = Samples.Device().WithLockOut(Samples.KeyId + 1);

        Assert.Equal(RefusalReason.Accepted, _verifier.Verify(state, command).Reason);
    }

    [Fact]
    public void Refuses_a_token_for_another_device()
    {
        var token = Samples.Token(_macs, t => t.DeviceId = Samples.DeviceId + 1);
        Assert.Equal(RefusalReason.WrongDevice, Verify(token));
    }

    [Fact]
    public void Refuses_an_epoch_the_device_no_longer_holds()
    {
        var state = Samples.DeviceWithoutEpochs();
        Assert.Equal(RefusalReason.UnknownEpoch, _verifier.Verify(state, Samples.Command(_macs, Samples.Token(_macs))).Reason);
    }

    [Fact]
    public void Refuses_a_reused_nonce()
    {
        var state = Samples.Device();
        var command = Samples.Command(_macs, Samples.Token(_macs));
        Assert.Equal(RefusalReason.Accepted, _verifier.Verify(state, command).Reason);

        Assert.Equal(RefusalReason.StaleNonce, _verifier.Verify(state, command).Reason);
    }

    [Fact]
    public void Refuses_a_nonce_the_device_never_issued()
    {
        var command = Samples.Command(_macs, Samples.Token(_macs), nonce: Samples.Sequence(0x10, 16));
        Assert.Equal(RefusalReason.StaleNonce, _verifier.Verify(Samples.Device(), command).Reason);
    }

    [Fact]
    public void Refuses_a_token_whose_fields_were_altered_after_tagging()
    {
        var token = Samples.Token(_macs);
        token.NotAfter += 86_400;
        Assert.Equal(RefusalReason.BadTag, Verify(token));
    }

    [Fact]
    public void Refuses_a_token_tagged_with_another_key()
    {
        var token = Samples.Token(_macs, epochKey: Samples.Sequence(0x99, 32));
        Assert.Equal(RefusalReason.BadTag, Verify(token));
    }

    [Fact]
    public void Refuses_a_command_from_a_phone_without_the_holder_secret()
    {
        // A copied token (R2.2): the copier has the token but not S, so must guess the MAC.
        var command = Samples.Command(_macs, Samples.Token(_macs));
        command.Mac = new byte[16];
        Assert.Equal(RefusalReason.BadCommandMac, _verifier.Verify(Samples.Device(), command).Reason);
    }

    [Fact]
    public void Refuses_a_command_code_changed_in_flight()
    {
        var command = Samples.Command(_macs, Samples.Token(_macs), CommandCode.Lock);
        command.Command = CommandCode.Unlock;
        Assert.Equal(RefusalReason.BadCommandMac, _verifier.Verify(Samples.Device(), command).Reason);
    }

    [Fact]
    public void Refuses_a_revoked_key() =>
        Assert.Equal(RefusalReason.Revoked, Verify(Samples.Token(_macs), s => s.WithStanding(Samples.KeyId, KeyStanding.Revoked)));

    [Fact]
    public void Refuses_a_share_whose_parent_was_revoked()
    {
        const ulong parent = 0x4B45590000000099;
        var token = Samples.Token(_macs, t => t.ParentKeyId = parent);
        Assert.Equal(RefusalReason.ParentRevoked, Verify(token, s => s.WithStanding(parent, KeyStanding.Revoked)));
    }

    [Fact]
    public void Refuses_a_key_that_transferred_its_right() =>
        Assert.Equal(RefusalReason.Revoked, Verify(Samples.Token(_macs), s => s.WithStanding(Samples.KeyId, KeyStanding.Transferred)));

    [Fact]
    public void A_transfer_share_outlives_the_transfer_of_its_parent()
    {
        const ulong parent = 0x4B45590000000099;
        var token = Samples.Token(_macs, t =>
        {
            t.ParentKeyId = parent;
            t.Flags = TokenFlags.TransferFromParent;
        });
        Assert.Equal(RefusalReason.Accepted, Verify(token, s => s.WithStanding(parent, KeyStanding.Transferred)));
    }

    [Fact]
    public void A_co_use_share_dies_with_the_transfer_of_its_parent()
    {
        const ulong parent = 0x4B45590000000099;
        var token = Samples.Token(_macs, t => t.ParentKeyId = parent);
        Assert.Equal(RefusalReason.ParentRevoked, Verify(token, s => s.WithStanding(parent, KeyStanding.Transferred)));
    }

    [Fact]
    public void Refuses_a_frozen_key() =>
        Assert.Equal(RefusalReason.Frozen, Verify(Samples.Token(_macs), s => s.WithStanding(Samples.KeyId, KeyStanding.Frozen)));

    [Fact]
    public void Refuses_a_share_whose_parent_is_frozen()
    {
        const ulong parent = 0x4B45590000000099;
        var token = Samples.Token(_macs, t => t.ParentKeyId = parent);
        Assert.Equal(RefusalReason.Frozen, Verify(token, s => s.WithStanding(parent, KeyStanding.Frozen)));
    }

    [Fact]
    public void Refuses_before_not_before() =>
        Assert.Equal(RefusalReason.NotYetValid, Verify(Samples.Token(_macs, t => t.NotBefore = Samples.Now + 1)));

    [Fact]
    public void Refuses_at_not_after() =>
        Assert.Equal(RefusalReason.Expired, Verify(Samples.Token(_macs, t => t.NotAfter = Samples.Now)));

    [Fact]
    public void Accepts_at_not_before() =>
        Assert.Equal(RefusalReason.Accepted, Verify(Samples.Token(_macs, t => t.NotBefore = Samples.Now)));

    [Fact]
    public void Refuses_a_command_the_key_may_not_give()
    {
        var token = Samples.Token(_macs, t => t.Permissions = Permissions.Unlock | Permissions.Lock);
        var command = Samples.Command(_macs, token, CommandCode.Start);
        Assert.Equal(RefusalReason.NotPermitted, _verifier.Verify(Samples.Device(), command).Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(0x7F)]
    [InlineData(0xFF)]
    public void Refuses_a_command_code_it_does_not_know_even_for_a_key_with_every_permission(byte code)
    {
        var token = Samples.Token(_macs, t => t.Permissions = (Permissions)0xFF);
        var verdict = _verifier.Verify(Samples.Device(), Samples.Command(_macs, token, (CommandCode)code));

        Assert.Equal(RefusalReason.NotPermitted, verdict.Reason);
        Assert.False(verdict.IsCounted);
    }

    [Fact]
    public void A_device_that_cannot_start_refuses_start_not_permitted_even_for_a_key_allowed_to_and_signs_it()
    {
        var lockVerifier = new CommandVerifier(_macs, Permissions.Unlock | Permissions.Lock);
        var token = Samples.Token(_macs, t => t.Permissions = Permissions.Unlock | Permissions.Lock | Permissions.Start);

        var start = lockVerifier.Verify(Samples.Device(), Samples.Command(_macs, token, CommandCode.Start));
        var unlock = lockVerifier.Verify(Samples.Device(), Samples.Command(_macs, token, CommandCode.Unlock));

        Assert.Equal(RefusalReason.NotPermitted, start.Reason);
        Assert.False(start.IsCounted);
        Assert.NotNull(start.HolderSecret);
        Assert.True(unlock.Accepted);
    }

    [Fact]
    public void Refuses_an_unlock_past_the_use_limit()
    {
        var token = Samples.Token(_macs, t => t.MaxUses = 2);
        Assert.Equal(RefusalReason.UsesExhausted, Verify(token, s => s.WithUses(token, 2)));
    }

    [Fact]
    public void A_refusal_after_the_tag_verified_is_still_signed_for_the_phone()
    {
        var command = Samples.Command(_macs, Samples.Token(_macs, t => t.NotAfter = Samples.Now));
        var verdict = _verifier.Verify(Samples.Device(), command);
        var result = _verifier.SignResult(verdict, Samples.DeviceId, command, 3, Samples.Now);

        Assert.Equal(RefusalReason.Expired, result.Status);
        Assert.NotEqual(new byte[16], result.Mac);
    }

    [Fact]
    public void A_refusal_before_the_tag_verified_goes_out_unsigned()
    {
        var command = Samples.Command(_macs, Samples.Token(_macs));
        command.Mac = new byte[16];
        var state = Samples.Device().WithLockOut(Samples.KeyId);
        var result = _verifier.SignResult(_verifier.Verify(state, command), Samples.DeviceId, command, 3, Samples.Now);

        Assert.Equal(new byte[16], result.Mac);
    }

    private RefusalReason Verify(KeyToken token, Func<DeviceKeyState, DeviceKeyState>? arrange = null)
    {
        var state = Samples.Device();
        if (arrange is not null)
        {
            state = arrange(state);
        }

        return _verifier.Verify(state, Samples.Command(_macs, token)).Reason;
    }
}
